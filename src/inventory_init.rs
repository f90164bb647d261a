//! `halint init`: a `halint.toml` inventory written from a config's peers
//! section, for a person to review (the names and addresses are the
//! config's, which is what halint otherwise checks against).

use crate::model::Model;
use crate::syntax::Parse;
use serde::Serialize;

/// An inventory drafted from a config, and what the person should review.
#[derive(Debug)]
pub struct Draft {
    /// The `halint.toml` text.
    pub toml: String,
    /// What to check before trusting it, one sentence each.
    pub review: Vec<String>,
}

#[derive(Serialize)]
struct File {
    cluster: Cluster,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Cluster {
    peers: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    default_peer_port: Option<u16>,
    #[serde(rename = "instance")]
    instances: Vec<crate::Instance>,
}

/// Drafts the inventory of `parse`'s peers section (the first one a
/// stick-table uses, else the first one). `source` names the config in the
/// file's header comment.
pub fn draft(parse: &Parse, source: &str) -> Result<Draft, String> {
    let model = Model::build(parse);
    let used = |name: &str| {
        model
            .proxies
            .iter()
            .flat_map(|p| p.stick_tables.iter())
            .any(|t| t.item.peers.as_ref().is_some_and(|(p, _)| p.as_str() == name))
    };
    let section = model
        .peers
        .iter()
        .find(|s| used(&s.name))
        .or_else(|| model.peers.first())
        .ok_or_else(|| format!("{source} has no peers section to take the instances from"))?;
    let src = parse.source();
    let text = |span: crate::span::Span| span.text(src).trim_matches(|c| c == '"' || c == '\'').to_owned();
    let mut review = Vec::new();
    if model.peers.len() > 1 {
        review.push(format!(
            "{} peers sections: the inventory follows '{}'",
            model.peers.len(),
            section.name
        ));
    }
    // New-style sections give the local peer's address on a `bind` line.
    let bind = match section.binds.as_slice() {
        [only] => only.item.address.as_ref().map(|(_, span)| text(*span)),
        _ => None,
    };
    let mut instances = Vec::new();
    let mut ports: Vec<u16> = Vec::new();
    for peer in &section.peers {
        let address = match &peer.item.address {
            Some((address, span)) => {
                ports.extend(address.port_number());
                Some(text(*span))
            }
            None => bind.clone(),
        };
        if address.is_none() {
            review.push(format!("peer '{}' has no address in the config: add it", peer.item.name));
        }
        let arg = match &address {
            Some(a) => format!("{}={a}", peer.item.name),
            None => peer.item.name.to_string(),
        };
        // The inventory refuses what HAProxy refuses: so does the draft.
        instances.push(crate::Instance::parse_arg(&arg).map_err(|e| format!("{source}: {e}"))?);
    }
    if instances.is_empty() {
        return Err(format!("peers section '{}' of {source} lists no peer", section.name));
    }
    // The port most peers use.
    ports.sort_unstable();
    let default_peer_port = ports.iter().copied().max_by_key(|p| ports.iter().filter(|q| *q == p).count());
    review.push(
        "each name must be the one HAProxy knows the instance by (its hostname, `-L`, or `localpeer`)".into(),
    );
    review.push("each address must be where that instance's peers listener really is".into());
    let file = File { cluster: Cluster { peers: section.name.to_string(), default_peer_port, instances } };
    let body = toml::to_string(&file).map_err(|e| e.to_string())?;
    let toml = format!(
        "# Written by `halint init {source}` from its peers section '{}': review the\n\
         # names and addresses before relying on it (see `halint check --help`).\n\n{body}",
        section.name
    );
    Ok(Draft { toml, review })
}
