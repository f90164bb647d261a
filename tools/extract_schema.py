#!/usr/bin/env python3
"""Extract HAProxy's rule actions, sample fetches, converters, ACL keywords,
bind options, server options, filter kinds and section keywords from the registration tables of
its C sources, for every release tag 1.8..3.3, and write src/schema/data.rs
(generated Rust tables; see src/schema/mod.rs).

Usage: tools/extract_schema.py <haproxy git dir> > src/schema/data.rs
(the git dir is a clone of github.com/haproxy/haproxy with its tags).
Only facts are kept (names, argument masks, output types, versions); no
HAProxy text is copied.
"""
import re, subprocess, sys

TAGS = ["1.8", "1.9", "2.0", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7",
        "2.8", "2.9", "3.0", "3.1", "3.2", "3.3"]
GIT = sys.argv[1]

def git(*args):
    return subprocess.run(["git", "-C", GIT] + list(args), check=True,
                          capture_output=True, text=True, errors="replace").stdout

def grep(tag, pattern, where):
    return subprocess.run(["git", "-C", GIT, "grep", "-h", pattern, tag, "--", where],
                          capture_output=True, text=True, errors="replace").stdout

def sources(tag):
    names = git("ls-tree", "-r", "--name-only", tag).split("\n")
    return [n for n in names if n.endswith(".c") and (n.startswith("src/") or n.startswith("addons/"))]

def feature(path):
    for key, feat in [("51d", "51d"), ("deviceatlas", "deviceatlas"), ("da.c", "deviceatlas"),
                      ("wurfl", "wurfl"), ("addons/ot", "ot"), ("opentracing", "ot"),
                      ("hlua", "lua"), ("ssl_", "ssl"), ("cfgparse-ssl", "ssl"), ("quic", "quic"), ("jwt", "ssl"),
                      ("promex", "promex"), ("otel", "otel"), ("acme", "acme"),
                      # ECH (3.3+): the whole file is built with USE_ECH, an OpenSSL feature.
                      ("src/ech.c", "ssl")]:
        if key in path:
            return feat
    return ""

def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)

RULE_SETS = {"http_req": "http-request", "http_res": "http-response",
             "http_after_res": "http-after-response", "tcp_req_conn": "tcp-request connection",
             "tcp_req_sess": "tcp-request session", "tcp_req_cont": "tcp-request content",
             "tcp_res_cont": "tcp-response content"}

def block(text, start):
    """The text of the brace block beginning at the first '{' after start."""
    i = text.index("{", start)
    depth = 0
    for j in range(i, len(text)):
        if text[j] == "{":
            depth += 1
        elif text[j] == "}":
            depth -= 1
            if depth == 0:
                return text[i:j + 1]
    return text[i:]

def function(text, name):
    m = re.search(r"\n[^\n;]*\b" + name + r"\s*\([^;{]*\)\s*\{", text)
    return block(text, m.start()) if m else ""

def hard_coded(text, fn, argname):
    """Names compared with strcmp/strncmp to the action word in a parser function."""
    body = function(text, fn)
    out = []
    for m in re.finditer(r"(strn?cmp)\(args\[" + argname + r"\],\s*\"([^\"]+)\"", body):
        out.append((m.group(2), m.group(1) == "strncmp"))
    return out

def extract(tag):
    actions, fetches, convs, acls = {}, {}, {}, {}
    files = {p: strip_comments(git("show", f"{tag}:{p}")) for p in sources(tag)}
    # Keywords spelled through a macro (the OpenTracing add-on's "ot-group").
    defines = dict(re.findall(r'#define\s+(FLT_OT_\w+)\s+"([^"]+)"', grep(tag, "#define FLT_OT_", "addons")))
    for path in files:
        for macro, value in defines.items():
            files[path] = re.sub(r"\{\s*" + macro + r"\s*,", '{ "' + value + '",', files[path])
    for path, text in files.items():
        feat = feature(path)
        lists = {}
        for m in re.finditer(r"struct action_kw_list\s+(\w+)\s*=", text):
            body = block(text, m.end())
            kws = []
            for e in re.finditer(r"\{\s*\"([^\"]+)\"\s*,\s*\w+\s*,?\s*([^}]*)\}", body):
                flags = e.group(2).strip()
                kws.append((e.group(1), "MATCH_PREFIX" in flags or flags == "1"))
            lists[m.group(1)] = kws
        regs = re.findall(r"(\w+?)_keywords_register\s*,\s*&(\w+)\)", text)
        regs += re.findall(r"(\w+?)_keywords_register\s*\(\s*&(\w+)\s*\)", text)
        for kind, var in regs:
            if kind in RULE_SETS and var in lists:
                for name, pfx in lists[var]:
                    actions[(RULE_SETS[kind], name)] = (pfx, feat)
        for m in re.finditer(r"struct sample_fetch_kw_list\s+\w+\s*=", text):
            body = block(text, m.end())
            for e in re.finditer(r"\{\s*\"([^\"]+)\"\s*,\s*\w+\s*,\s*(ARG\d+\([^)]*\)|[\w|]+)\s*,\s*\w+\s*,\s*(SMP_T_\w+)", body):
                fetches[e.group(1)] = (args(e.group(2)), e.group(3)[6:].lower(), feat)
        for m in re.finditer(r"struct sample_conv_kw_list\s+\w+\s*=", text):
            body = block(text, m.end())
            for e in re.finditer(r"\{\s*\"([^\"]+)\"\s*,\s*\w+\s*,\s*(ARG\d+\([^)]*\)|[\w|]+)\s*,\s*\w+\s*,\s*(SMP_T_\w+)\s*,\s*(SMP_T_\w+)", body):
                convs[e.group(1)] = (args(e.group(2)), e.group(4)[6:].lower(), e.group(3)[6:].lower(), feat)
        for m in re.finditer(r"struct acl_kw_list\s+\w+\s*=", text):
            body = block(text, m.end())
            for e in re.finditer(r"\{\s*\"([^\"]+)\"\s*,\s*(?:\"([^\"]*)\"|NULL)", body):
                acls[e.group(1)] = (e.group(2) or "", feat)
    # Actions the rule parsers compare by hand (older versions and accept/reject/...).
    for path, text in files.items():
        for fn, arg, sets in [("parse_http_req_cond", "0", ["http-request"]),
                              ("parse_http_res_cond", "0", ["http-response"]),
                              ("parse_http_after_res_cond", "0", ["http-after-response"]),
                              ("tcp_parse_request_rule", "arg", ["tcp-request connection", "tcp-request session", "tcp-request content"]),
                              ("tcp_parse_response_rule", "arg", ["tcp-response content"])]:
            for name, pfx in hard_coded(text, fn, arg):
                if name in ("if", "unless", "layer4", "len", "table") or name.startswith("lua."):
                    continue
                for s in sets:
                    actions.setdefault((s, name), (pfx, ""))
    # ACL matching methods (-m) and flags (-i, -f, ...), from pattern.c and acl.c.
    methods, flags = {}, {}
    pattern = files.get("src/pattern.c", "")
    m = re.search(r"pat_match_names\[PAT_MATCH_NUM\]\s*=\s*\{(.*?)\};", pattern, re.S)
    for name in re.findall(r'"([a-z_]+)"', m.group(1) if m else ""):
        methods[name] = True
    body = function(files.get("src/acl.c", ""), "parse_acl_expr")
    # One segment per flag compared; a flag whose branch reads args[1] takes a value.
    for b in re.split(r"(?=strcmp\(\*args,)", body):
        f = re.match(r"strcmp\(\*args,\s*\"(-[^\"]*)\"\)", b)
        if f:
            flags[f.group(1)] = "args[1]" in b
    binds, servers, filters = options(files)
    # Section keywords, registered with their parsers.
    sections = {name: True for text in files.values()
                for name in re.findall(r'(?:REGISTER_CONFIG_SECTION|cfg_register_section)\(\s*"([^"]+)"', text)}
    return actions, fetches, convs, acls, methods, flags, binds, servers, filters, sections

# Options whose parser reads a missing argument as an empty word instead of
# refusing it (`atol("")` is 0), seen in a real `haproxy -c` (Debian's 2.6.12;
# tests/haproxy_judge.rs keeps checking it), and, for `set-proxy-v2-tlv-fmt`
# (2.9+), read in its parser (it copies the empty word as its format). Every
# other option that takes an argument refuses the line without one.
EMPTY_ARGUMENT_READ = {"bind": set(),
                       "server": {"init-addr", "maxconn", "maxqueue", "minconn", "resolve-opts", "weight",
                                  "set-proxy-v2-tlv-fmt"}}

def options(files):
    """Bind options, server options and filter kinds registered in `files`:
    name -> (words it takes, -1 for a variable count; [accepted on
    default-server;] build feature)."""
    binds, servers, filters = {}, {}, {}
    for path, text in files.items():
        feat = feature(path)
        for m in re.finditer(r"struct bind_kw_list\s+\w+\s*=", text):
            # { name, parser, words [, rhttp_ok (2.9+)] }
            for e in re.finditer(r"\{\s*\"([^\"]+)\"\s*,\s*(\w+)\s*,\s*(-?\d+)\s*(?:,\s*\d+\s*)?\}", block(text, m.end())):
                name, fn, skip = e.group(1), e.group(2), int(e.group(3))
                # A NULL parser stands for a keyword the build left out.
                if fn != "NULL" or name not in binds:
                    binds[name] = (skip, feat)
        for m in re.finditer(r"struct srv_kw_list\s+\w+\s*=", text):
            for e in re.finditer(r"\{\s*\"([^\"]+)\"\s*,\s*(\w+)\s*,\s*(-?\d+)\s*,\s*(\d+)", block(text, m.end())):
                name, fn, skip, default_ok = e.group(1), e.group(2), int(e.group(3)), e.group(4) != "0"
                # A parser that steps over one more word itself takes it too.
                if skip >= 0 and re.search(r"\(\*cur_arg\)\+\+", function(text, fn)):
                    skip += 1
                if fn != "NULL" or name not in servers:
                    servers[name] = (skip, default_ok, feat)
        for m in re.finditer(r"struct flt_kw_list\s+\w+\s*=", text):
            for e in re.finditer(r"\{\s*\"([^\"]+)\"\s*,\s*\w+\s*,", block(text, m.end())):
                filters[e.group(1)] = feat
    # Server options older versions compared by hand in parse_server: their
    # argument count is unknown (-1) unless a later table registers them.
    body = function(files.get("src/server.c", ""), "parse_server")
    for name in re.findall(r"strcmp\(args\[cur_arg\],\s*\"([^\"]+)\"\)", body):
        servers.setdefault(name, (-1, True, ""))
    return binds, servers, filters

# Items a stable branch got after its .0 release, seen in a real `haproxy -c`
# (Debian's 2.6.12 knows these converters; the 2.6.0 sources do not).
BACKPORTED = {"host_only": "2.6", "port_only": "2.6", "table_expire": "2.6", "table_idle": "2.6"}

ARG_KINDS = {"STOP", "SINT", "STR", "BE", "FE", "SRV", "USR", "MAP", "REG", "VAR", "MSK4", "MSK6",
             "TAB", "IPV4", "IPV6", "TIME", "SIZE", "DBL"}

def args(mask):
    """(min, max, kinds) from ARGn(min, K1, ...), or (0, 0, []) for 0."""
    m = re.match(r"ARG(\d+)\(\s*(\d+)\s*,([^)]*)\)", mask)
    if not m:
        return (0, 0, ())
    kinds = tuple(k.strip().lower() for k in m.group(3).split(","))
    return (int(m.group(2)), int(m.group(1)), kinds)

def main():
    per = [extract("v" + t + ".0") for t in TAGS]
    def ranges(index):
        keys = {}
        for i, tables in enumerate(per):
            for k, v in tables[index].items():
                keys.setdefault(k, []).append((i, v))
        return keys
    out = ["// @generated by tools/extract_schema.py from HAProxy's C sources at tags",
           f"// v{TAGS[0]}.0 .. v{TAGS[-1]}.0. Do not edit: regenerate (see src/schema/mod.rs).", "",
           "use super::{AclFlag, AclKeyword, AclMatch, Action, ArgKind as K, Converter, Fetch, FilterKind, LineOption, SectionKeyword, Signature as Sig, SmpType as T};",
           "use super::Version as V;", ""]
    def ver(i):
        return f"V::new({TAGS[i].replace('.', ', ')})"
    def span(seen, name=None):
        idx = [i for i, _ in seen]
        # Versions between the first and last one seen count as present.
        first = min(idx[0], TAGS.index(BACKPORTED[name])) if name in BACKPORTED else idx[0]
        return ver(first), ver(idx[-1])
    def kinds(ks):
        names = {"pbuf_fnum": "Pbuf"}
        for k in ks:
            assert k.upper() in ARG_KINDS or k in names, f"unknown argument kind {k}"
        return "&[" + ", ".join("K::" + names.get(k, k.capitalize()) for k in ks) + "]"
    acts = ranges(0)
    out.append(f"pub(super) static ACTIONS: [Action; {len(acts)}] = [")
    for (rs, name), seen in sorted(acts.items()):
        pfx, feat = seen[-1][1]
        a, b = span(seen)
        out.append(f"    Action {{ rules: {rs!r}, name: {name!r}, prefix: {str(pfx).lower()}, feature: {feat!r}, since: {a}, last: {b} }},".replace("'", '"'))
    out.append("];\n")
    def sigs(seen, pick):
        """The distinct argument signatures over the versions, each with the
        first version that has it."""
        out = []
        for i, v in seen:
            lo, hi, ks = pick(v)
            if not out or out[-1][1:] != (lo, hi, ks):
                out.append((i, lo, hi, ks))
        return "&[" + ", ".join(f"Sig {{ since: {ver(i)}, min_args: {lo}, max_args: {hi}, args: {kinds(ks)} }}"
                                for i, lo, hi, ks in out) + "]"
    fs = ranges(1)
    out.append(f"pub(super) static FETCHES: [Fetch; {len(fs)}] = [")
    for name, seen in sorted(fs.items()):
        _, outt, feat = seen[-1][1]
        a, b = span(seen, name)
        out.append(f"    Fetch {{ name: \"{name}\", signatures: {sigs(seen, lambda v: v[0])}, output: T::{outt.capitalize()}, feature: \"{feat}\", since: {a}, last: {b} }},")
    out.append("];\n")
    cs = ranges(2)
    out.append(f"pub(super) static CONVERTERS: [Converter; {len(cs)}] = [")
    for name, seen in sorted(cs.items()):
        _, outt, int_, feat = seen[-1][1]
        a, b = span(seen, name)
        out.append(f"    Converter {{ name: \"{name}\", signatures: {sigs(seen, lambda v: v[0])}, input: T::{int_.capitalize()}, output: T::{outt.capitalize()}, feature: \"{feat}\", since: {a}, last: {b} }},")
    out.append("];\n")
    ak = ranges(3)
    out.append(f"pub(super) static ACL_KEYWORDS: [AclKeyword; {len(ak)}] = [")
    for name, seen in sorted(ak.items()):
        fetch, feat = seen[-1][1]
        a, b = span(seen)
        out.append(f"    AclKeyword {{ name: \"{name}\", fetch: \"{fetch}\", feature: \"{feat}\", since: {a}, last: {b} }},")
    out.append("];\n")
    ms = ranges(4)
    out.append(f"pub(super) static MATCH_METHODS: [AclMatch; {len(ms)}] = [")
    for name, seen in sorted(ms.items()):
        a, b = span(seen)
        out.append(f"    AclMatch {{ name: \"{name}\", since: {a}, last: {b} }},")
    out.append("];\n")
    fl = ranges(5)
    out.append(f"pub(super) static ACL_FLAGS: [AclFlag; {len(fl)}] = [")
    for name, seen in sorted(fl.items()):
        a, b = span(seen)
        out.append(f"    AclFlag {{ name: \"{name}\", takes_argument: {str(seen[-1][1]).lower()}, since: {a}, last: {b} }},")
    out.append("];\n")
    def arity(seen):
        """The words the newest registration takes (older ones parsed by hand
        have none)."""
        registered = [v[0] for _, v in seen if v[0] != -1]
        return registered[-1] if registered else -1
    bo = ranges(6)
    out.append(f"pub(super) static BIND_OPTIONS: [LineOption; {len(bo)}] = [")
    for name, seen in sorted(bo.items()):
        a, b = span(seen)
        empty = str(name in EMPTY_ARGUMENT_READ["bind"]).lower()
        out.append(f"    LineOption {{ name: \"{name}\", args: {arity(seen)}, empty_ok: {empty}, default_server: false, feature: \"{seen[-1][1][1]}\", since: {a}, last: {b} }},")
    out.append("];\n")
    so = ranges(7)
    out.append(f"pub(super) static SERVER_OPTIONS: [LineOption; {len(so)}] = [")
    for name, seen in sorted(so.items()):
        a, b = span(seen)
        empty = str(name in EMPTY_ARGUMENT_READ["server"]).lower()
        _, default_ok, feat = seen[-1][1]
        out.append(f"    LineOption {{ name: \"{name}\", args: {arity(seen)}, empty_ok: {empty}, default_server: {str(default_ok).lower()}, feature: \"{feat}\", since: {a}, last: {b} }},")
    out.append("];\n")
    fk = ranges(8)
    out.append(f"pub(super) static FILTERS: [FilterKind; {len(fk)}] = [")
    for name, seen in sorted(fk.items()):
        a, b = span(seen)
        out.append(f"    FilterKind {{ name: \"{name}\", feature: \"{seen[-1][1]}\", since: {a}, last: {b} }},")
    out.append("];\n")
    sk = ranges(9)
    out.append(f"pub(super) static SECTIONS: [SectionKeyword; {len(sk)}] = [")
    for name, seen in sorted(sk.items()):
        a, b = span(seen)
        out.append(f"    SectionKeyword {{ name: \"{name}\", since: {a}, last: {b} }},")
    out.append("];")
    print("\n".join(out))

main()
