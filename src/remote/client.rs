//! The HTTP side of a cluster: one blocking `ureq` agent (rustls, webpki roots) that
//! sends JSON and NDJSON to an Elasticsearch-compatible API and turns every failure into
//! a `RemoteError` naming what went wrong and what to do. Credentials come from the
//! environment only (`NEWSDEX_REMOTE_API_KEY`, or `NEWSDEX_REMOTE_USER` with
//! `NEWSDEX_REMOTE_PASSWORD`), never from the command line.

use super::RemoteError;
use serde_json::Value;
use std::time::Duration;

/// The environment variable holding an API key (sent as `Authorization: ApiKey KEY`).
pub const ENV_API_KEY: &str = "NEWSDEX_REMOTE_API_KEY";
/// The environment variable holding the basic-auth user.
pub const ENV_USER: &str = "NEWSDEX_REMOTE_USER";
/// The environment variable holding the basic-auth password.
pub const ENV_PASSWORD: &str = "NEWSDEX_REMOTE_PASSWORD";

/// The largest response body read (a `_msearch` of many queries with their texts).
const MAX_RESPONSE_BYTES: u64 = 1 << 30;
/// How long one request may take in all.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(300);
/// How long connecting may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How requests authenticate.
#[derive(Clone, PartialEq, Eq)]
pub enum Auth {
    None,
    Basic { user: String, password: String },
    ApiKey(String),
}

impl std::fmt::Debug for Auth {
    /// Never prints a secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Auth::None => "no auth",
            Auth::Basic { .. } => "basic auth",
            Auth::ApiKey(_) => "API key",
        })
    }
}

impl Auth {
    /// The credentials the environment gives (an API key wins over a user).
    pub fn from_env() -> Result<Auth, RemoteError> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    }

    fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Auth, RemoteError> {
        if let Some(key) = get(ENV_API_KEY) {
            return Ok(Auth::ApiKey(key));
        }
        match (get(ENV_USER), get(ENV_PASSWORD)) {
            (Some(user), Some(password)) => Ok(Auth::Basic { user, password }),
            (Some(_), None) => Err(RemoteError::Config(format!(
                "{ENV_USER} is set but {ENV_PASSWORD} is not: set both for basic auth"
            ))),
            (None, Some(_)) => Err(RemoteError::Config(format!(
                "{ENV_PASSWORD} is set but {ENV_USER} is not: set both for basic auth"
            ))),
            (None, None) => Ok(Auth::None),
        }
    }

    /// The `Authorization` header value, if any.
    fn header(&self) -> Option<String> {
        match self {
            Auth::None => None,
            Auth::Basic { user, password } => Some(format!(
                "Basic {}",
                base64(format!("{user}:{password}").as_bytes())
            )),
            Auth::ApiKey(key) => Some(format!("ApiKey {key}")),
        }
    }
}

/// Standard base64 with padding (RFC 4648), for the basic-auth header.
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A response: its status and body.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: String,
}

impl Reply {
    /// The body as JSON (an engine error when it is not).
    pub fn json(&self) -> Result<Value, RemoteError> {
        serde_json::from_str(&self.body).map_err(|e| RemoteError::Engine {
            status: self.status,
            reason: format!(
                "the answer is not JSON ({e}): {}",
                self.body.chars().take(200).collect::<String>()
            ),
        })
    }
}

/// A cluster at one base URL.
pub struct Client {
    base: String,
    auth: Auth,
    agent: ureq::Agent,
}

impl Client {
    /// A client for `url` (`http://host:9200`, `https://...`, or Quickwit's
    /// `http://host:7280/api/v1/_elastic`), with credentials from the environment.
    pub fn new(url: &str) -> Result<Client, RemoteError> {
        let base = url.trim().trim_end_matches('/').to_string();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(RemoteError::Config(format!(
                "'{url}' is not a cluster URL: give http://HOST:PORT or https://HOST:PORT"
            )));
        }
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(REQUEST_TIMEOUT))
            .timeout_connect(Some(CONNECT_TIMEOUT))
            .build()
            .into();
        Ok(Client {
            base,
            auth: Auth::from_env()?,
            agent,
        })
    }

    /// The base URL.
    pub fn url(&self) -> &str {
        &self.base
    }

    /// Sends one request: `method` on `path` (beginning with `/`), with a body of
    /// `content_type` when given.
    pub fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<(&str, &[u8])>,
    ) -> Result<Reply, RemoteError> {
        let url = format!("{}{path}", self.base);
        let builder = ureq::http::Request::builder().method(method).uri(&url);
        let builder = match self.auth.header() {
            Some(h) => builder.header("Authorization", h),
            None => builder,
        };
        let bad = |e: ureq::http::Error| RemoteError::Config(format!("bad request to {url}: {e}"));
        let response = match body {
            Some((content_type, bytes)) => {
                let request = builder
                    .header("Content-Type", content_type)
                    .body(bytes.to_vec())
                    .map_err(bad)?;
                self.agent.run(request)
            }
            None => self.agent.run(builder.body(()).map_err(bad)?),
        }
        .map_err(|e| self.transport_error(e))?;
        let status = response.status().as_u16();
        let body = response
            .into_body()
            .with_config()
            .limit(MAX_RESPONSE_BYTES)
            .read_to_string()
            .map_err(|e| self.transport_error(e))?;
        let reply = Reply { status, body };
        check_status(&self.base, reply)
    }

    /// GET a JSON answer.
    pub fn get(&self, path: &str) -> Result<Value, RemoteError> {
        self.send("GET", path, None)?.json()
    }

    /// Sends JSON and reads JSON back.
    pub fn json(&self, method: &str, path: &str, body: &Value) -> Result<Value, RemoteError> {
        let bytes = serde_json::to_vec(body).expect("a JSON value serialises");
        self.send(method, path, Some(("application/json", &bytes)))?
            .json()
    }

    /// Sends NDJSON (`_bulk`, `_msearch`) and reads JSON back.
    pub fn ndjson(&self, path: &str, body: &[u8]) -> Result<Value, RemoteError> {
        self.send("POST", path, Some(("application/x-ndjson", body)))?
            .json()
    }

    /// Whether an index exists (HEAD /index).
    pub fn index_exists(&self, index: &str) -> Result<bool, RemoteError> {
        match self.send("HEAD", &format!("/{index}"), None) {
            Ok(_) => Ok(true),
            Err(RemoteError::MissingIndex { .. }) => Ok(false),
            Err(RemoteError::Engine { status: 404, .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }

    fn transport_error(&self, e: ureq::Error) -> RemoteError {
        let url = self.base.clone();
        match e {
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
                RemoteError::Refused { url }
            }
            ureq::Error::ConnectionFailed | ureq::Error::HostNotFound => {
                RemoteError::Refused { url }
            }
            other => RemoteError::Transport {
                url,
                reason: other.to_string(),
            },
        }
    }
}

/// The engine's own reason for a failed request: `error.reason` (with its root cause's
/// type), or the body's start.
pub fn engine_reason(body: &str) -> String {
    let short = || body.chars().take(300).collect::<String>();
    let Ok(v) = serde_json::from_str::<Value>(body) else {
        return short();
    };
    match v.get("error") {
        Some(Value::String(s)) => s.clone(),
        Some(e) => {
            let part = |e: &Value| {
                let kind = e.get("type").and_then(Value::as_str).unwrap_or("error");
                let reason = e.get("reason").and_then(Value::as_str).unwrap_or_default();
                format!("{kind}: {reason}")
            };
            // A search failing on its shards says so on top ("all shards failed"); the
            // cause that names the problem is further down.
            let mut cause = e.get("root_cause").and_then(|r| r.get(0));
            let mut deeper = e.get("caused_by");
            while let Some(c) = deeper {
                cause = Some(c);
                deeper = c.get("caused_by");
            }
            match cause.map(part) {
                Some(c) if c != part(e) => format!("{}, caused by {c}", part(e)),
                _ => part(e),
            }
        }
        None => v
            .get("message")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(short),
    }
}

/// The error a status stands for, or the reply when it is a success.
fn check_status(base: &str, reply: Reply) -> Result<Reply, RemoteError> {
    let reason = || engine_reason(&reply.body);
    match reply.status {
        200..=299 => Ok(reply),
        401 | 403 => Err(RemoteError::Auth {
            url: base.to_string(),
            status: reply.status,
            reason: reason(),
        }),
        404 if reply.body.is_empty() || reply.body.contains("index_not_found") => {
            Err(RemoteError::MissingIndex {
                url: base.to_string(),
                reason: if reply.body.is_empty() {
                    "no such index".into()
                } else {
                    reason()
                },
            })
        }
        status => Err(RemoteError::Engine {
            status,
            reason: reason(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"user:pass"), "dXNlcjpwYXNz");
    }

    #[test]
    fn credentials_come_from_the_environment_and_never_print() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        let basic = Auth::from_lookup(env(&[(ENV_USER, "u"), (ENV_PASSWORD, "p")])).unwrap();
        assert_eq!(basic.header().unwrap(), "Basic dTpw");
        assert_eq!(format!("{basic:?}"), "basic auth");
        let key = Auth::from_lookup(env(&[(ENV_API_KEY, "k"), (ENV_USER, "u")])).unwrap();
        assert_eq!(key.header().unwrap(), "ApiKey k");
        assert!(Auth::from_lookup(env(&[(ENV_USER, "u")])).is_err());
        assert_eq!(Auth::from_lookup(env(&[])).unwrap(), Auth::None);
    }

    #[test]
    fn statuses_become_errors_quoting_the_engine() {
        let reply = |status, body: &str| Reply {
            status,
            body: body.into(),
        };
        let e = check_status("u", reply(401, r#"{"error":{"type":"security_exception","reason":"missing authentication credentials"}}"#)).unwrap_err();
        assert!(
            e.to_string().contains("missing authentication credentials"),
            "{e}"
        );
        let e = check_status(
            "u",
            reply(
                404,
                r#"{"error":{"type":"index_not_found_exception","reason":"no such index [x]"}}"#,
            ),
        )
        .unwrap_err();
        assert!(matches!(e, RemoteError::MissingIndex { .. }), "{e}");
        let e = check_status(
            "u",
            reply(
                400,
                r#"{"error":{"type":"search_phase_execution_exception","reason":"all shards failed","root_cause":[{"type":"illegal_argument_exception","reason":"Result window is too large"}]}}"#,
            ),
        )
        .unwrap_err();
        assert!(
            e.to_string().contains("all shards failed, caused by illegal_argument_exception: Result window is too large"),
            "{e}"
        );
        let e = check_status("u", reply(500, "boom")).unwrap_err();
        assert!(e.to_string().contains("boom"), "{e}");
    }
}
