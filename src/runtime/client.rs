//! A client of HAProxy's runtime API (the "stats socket"): one command per
//! connection, as `socat` would send it, over a Unix socket or TCP.
//!
//! Std only, no HAProxy binary needed. Every step is bounded: the connect,
//! each read and write, the whole answer (one deadline) and its size, so a
//! socket that never answers, or answers forever, cannot hang the caller.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::os::unix::fs::FileTypeExt;
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Longest answer read: `show table` of a big table is megabytes; more than
/// this is not a runtime API talking.
pub const MAX_ANSWER: usize = 64 << 20;

/// Where an instance's runtime API listens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// A Unix socket path.
    Unix(PathBuf),
    /// A TCP `host:port` (as `stats socket ipv4@127.0.0.1:9999` binds it).
    Tcp(String),
}

impl Endpoint {
    /// Reads `PATH`, `unix@PATH`, `ADDR:PORT`, `ipv4@ADDR:PORT`,
    /// `ipv6@[ADDR]:PORT`: anything with a `/` (or no `:`) is a path.
    pub fn parse(text: &str) -> Endpoint {
        if let Some(path) = text.strip_prefix("unix@") {
            return Endpoint::Unix(PathBuf::from(path));
        }
        let tcp = text.strip_prefix("ipv4@").or_else(|| text.strip_prefix("ipv6@")).unwrap_or(text);
        if tcp.contains('/') || !tcp.contains(':') {
            Endpoint::Unix(PathBuf::from(text))
        } else {
            Endpoint::Tcp(tcp.to_owned())
        }
    }
}

impl std::fmt::Display for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Endpoint::Unix(path) => write!(f, "{}", path.display()),
            Endpoint::Tcp(addr) => f.write_str(addr),
        }
    }
}

/// Why a command got no usable answer. The messages leave the endpoint
/// out (the caller names the instance and its endpoint once); the fields
/// keep it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RuntimeError {
    /// The path exists but is no socket (a config file given by mistake).
    #[error("not a socket")]
    NotASocket(String),
    /// Nothing listens there, or it refused.
    #[error("cannot connect: {source}")]
    Connect {
        /// Where.
        endpoint: String,
        /// Why.
        source: std::io::Error,
    },
    /// No complete answer within the timeout.
    #[error("no answer to `{command}` within {after:?}")]
    Timeout {
        /// Where.
        endpoint: String,
        /// What was asked.
        command: String,
        /// The timeout.
        after: Duration,
    },
    /// The connection broke.
    #[error("`{command}`: {source}")]
    Io {
        /// Where.
        endpoint: String,
        /// What was asked.
        command: String,
        /// Why.
        source: std::io::Error,
    },
    /// The answer went on past [`MAX_ANSWER`].
    #[error("the answer to `{command}` is larger than {MAX_ANSWER} bytes")]
    TooLarge {
        /// Where.
        endpoint: String,
        /// What was asked.
        command: String,
    },
    /// HAProxy answered with an error (unknown command, permission denied).
    #[error("`{command}` was refused: {answer}")]
    Refused {
        /// What was asked.
        command: String,
        /// The first line of the answer.
        answer: String,
    },
    /// The answer is not what HAProxy prints for that command.
    #[error("the answer to `{command}` is not HAProxy's: {detail}")]
    Garbage {
        /// What was asked.
        command: String,
        /// What was wrong, with the start of the answer.
        detail: String,
    },
}

/// A runtime API endpoint with a timeout.
#[derive(Clone, Debug)]
pub struct Client {
    /// Where.
    pub endpoint: Endpoint,
    /// Bound of the connect and of the whole answer of one command.
    pub timeout: Duration,
}

impl Client {
    /// A client of `endpoint` with `timeout` per command.
    pub fn new(endpoint: Endpoint, timeout: Duration) -> Client {
        Client { endpoint, timeout }
    }

    /// Sends `command` and returns the whole answer (HAProxy closes the
    /// connection after answering one command when no prompt is asked for).
    pub fn query(&self, command: &str) -> Result<String, RuntimeError> {
        let deadline = Instant::now() + self.timeout;
        let mut stream = self.connect()?;
        let io = |source| RuntimeError::Io {
            endpoint: self.endpoint.to_string(),
            command: command.to_owned(),
            source,
        };
        let timed_out = || RuntimeError::Timeout {
            endpoint: self.endpoint.to_string(),
            command: command.to_owned(),
            after: self.timeout,
        };
        stream.set_write_timeout(Some(self.timeout)).map_err(io)?;
        match stream.write_all(format!("{command}\n").as_bytes()) {
            Err(e) if is_timeout(&e) => return Err(timed_out()),
            other => other.map_err(io)?,
        }
        let mut answer = Vec::new();
        let mut buf = [0u8; 1 << 16];
        loop {
            // Each read gets what is left of the one deadline.
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(timed_out());
            }
            stream.set_read_timeout(Some(left)).map_err(io)?;
            match stream.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) if is_timeout(&e) => return Err(timed_out()),
                // A reset after a complete answer is still an answer.
                Err(e) if e.kind() == ErrorKind::ConnectionReset && !answer.is_empty() => break,
                Err(e) => return Err(io(e)),
            }
            if answer.len() > MAX_ANSWER {
                return Err(RuntimeError::TooLarge {
                    endpoint: self.endpoint.to_string(),
                    command: command.to_owned(),
                });
            }
        }
        let text = String::from_utf8_lossy(&answer).into_owned();
        refused(command, &text).map_or(Ok(text), Err)
    }

    fn connect(&self) -> Result<Stream, RuntimeError> {
        let endpoint = self.endpoint.to_string();
        let connect_error = |source| RuntimeError::Connect { endpoint: endpoint.clone(), source };
        match &self.endpoint {
            Endpoint::Unix(path) => {
                // A regular file or folder would give a puzzling "connection refused".
                match std::fs::metadata(path) {
                    Ok(m) if !m.file_type().is_socket() => return Err(RuntimeError::NotASocket(endpoint)),
                    Ok(_) => {}
                    Err(e) => return Err(connect_error(e)),
                }
                connect_unix(path, self.timeout).map(Stream::Unix).map_err(|e| match e.kind() {
                    ErrorKind::TimedOut => RuntimeError::Timeout {
                        endpoint: endpoint.clone(),
                        command: "connect".into(),
                        after: self.timeout,
                    },
                    _ => connect_error(e),
                })
            }
            Endpoint::Tcp(addr) => {
                let addrs: Vec<SocketAddr> = addr.to_socket_addrs().map_err(connect_error)?.collect();
                let mut last = std::io::Error::new(ErrorKind::NotFound, "no address");
                for a in addrs {
                    match TcpStream::connect_timeout(&a, self.timeout) {
                        Ok(s) => return Ok(Stream::Tcp(s)),
                        Err(e) => last = e,
                    }
                }
                Err(connect_error(last))
            }
        }
    }
}

/// `UnixStream::connect` within `timeout`. It blocks while the listener's
/// backlog is full (a stopped or stuck process) and std has no timeout for
/// it, so it runs on a thread of its own; past the timeout that thread is
/// left to end with the connect (or the process).
fn connect_unix(path: &std::path::Path, timeout: Duration) -> std::io::Result<UnixStream> {
    let (sender, receiver) = std::sync::mpsc::channel();
    let path = path.to_owned();
    std::thread::Builder::new().name("halint-unix-connect".into()).spawn(move || {
        // The receiver may be gone (timed out): nobody is left to tell.
        let _ = sender.send(UnixStream::connect(path));
    })?;
    receiver.recv_timeout(timeout).unwrap_or_else(|_| Err(std::io::Error::from(ErrorKind::TimedOut)))
}

fn is_timeout(e: &std::io::Error) -> bool {
    matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)
}

/// HAProxy's error answers, which come back like any other text.
fn refused(command: &str, answer: &str) -> Option<RuntimeError> {
    let first = answer.lines().next().unwrap_or_default().trim();
    let is_error = first.starts_with("Unknown command")
        || first.starts_with("Permission denied")
        || first == "No such table"
        || first.starts_with("No such");
    is_error.then(|| RuntimeError::Refused { command: command.to_owned(), answer: first.to_owned() })
}

/// The connection, either kind.
enum Stream {
    Unix(UnixStream),
    Tcp(TcpStream),
}

impl Stream {
    fn set_read_timeout(&self, t: Option<Duration>) -> std::io::Result<()> {
        match self {
            Stream::Unix(s) => s.set_read_timeout(t),
            Stream::Tcp(s) => s.set_read_timeout(t),
        }
    }

    fn set_write_timeout(&self, t: Option<Duration>) -> std::io::Result<()> {
        match self {
            Stream::Unix(s) => s.set_write_timeout(t),
            Stream::Tcp(s) => s.set_write_timeout(t),
        }
    }
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Stream::Unix(s) => s.read(buf),
            Stream::Tcp(s) => s.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Stream::Unix(s) => s.write(buf),
            Stream::Tcp(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Stream::Unix(s) => s.flush(),
            Stream::Tcp(s) => s.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_are_paths_or_tcp_addresses() {
        assert_eq!(Endpoint::parse("/run/haproxy.sock"), Endpoint::Unix("/run/haproxy.sock".into()));
        assert_eq!(Endpoint::parse("unix@/run/a:b.sock"), Endpoint::Unix("/run/a:b.sock".into()));
        assert_eq!(Endpoint::parse("admin.sock"), Endpoint::Unix("admin.sock".into()));
        assert_eq!(Endpoint::parse("127.0.0.1:9999"), Endpoint::Tcp("127.0.0.1:9999".into()));
        assert_eq!(Endpoint::parse("ipv6@[::1]:9999"), Endpoint::Tcp("[::1]:9999".into()));
    }

    #[test]
    fn a_unix_socket_with_a_full_backlog_times_out() {
        let dir = std::env::temp_dir().join(format!("halint-backlog-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("full.sock");
        let _ = std::fs::remove_file(&path);
        // Never accepts, with the smallest backlog: the third connect blocks.
        let listener = socket2::Socket::new(socket2::Domain::UNIX, socket2::Type::STREAM, None).unwrap();
        listener.bind(&socket2::SockAddr::unix(&path).unwrap()).unwrap();
        listener.listen(0).unwrap();
        let fillers: Vec<_> = (0..4)
            .map(|_| {
                let path = path.clone();
                std::thread::spawn(move || UnixStream::connect(path).ok())
            })
            .collect();
        std::thread::sleep(Duration::from_millis(300));
        let client = Client::new(Endpoint::Unix(path.clone()), Duration::from_millis(300));
        let started = Instant::now();
        // On a thread, so that a connect that does block fails the test instead of hanging it.
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || sender.send(client.query("show info")));
        let result = receiver.recv_timeout(Duration::from_secs(5)).expect("the query returns within 5 s");
        let connect_timed_out =
            matches!(&result, Err(RuntimeError::Timeout { command, .. }) if command == "connect");
        assert!(connect_timed_out, "{result:?}");
        assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
        // Closing the listener releases the blocked fillers.
        drop(listener);
        let _ = std::fs::remove_file(&path);
        for f in fillers {
            let _ = f.join();
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn error_answers_are_refusals() {
        assert!(refused("show peers", "Unknown command, but maybe...\n").is_some());
        assert!(refused("show table x", "No such table\n\n").is_some());
        assert!(refused("show peers", "Permission denied\n").is_some());
        assert!(refused("show table", "# table: app, type: ip, size:1024, used:0\n").is_none());
    }
}
