//! Client settings. `Debug` never shows the secret or the keys.

use std::fmt;
use std::time::Duration;

use super::observe::Observer;
use crate::php::{decode, Value};
use crate::{validate, Error};

/// Where the gateway is, the credentials, and how patiently to talk to it.
#[derive(Clone)]
pub struct Config {
    /// `https://api.<server>`; the sandbox's URL in tests.
    pub api_base_url: String,
    /// `https://plugin.<server>`, for payment window links.
    pub plugin_base_url: Option<String>,
    /// The API `secret` (`PLUGINAPI_SECRET`), sent as the `secret` query parameter.
    pub secret: String,
    /// Signs withdrawals.
    pub withdrawal_private_key: Option<String>,
    /// Checks postbacks.
    pub postback_private_key: Option<String>,
    pub connect_timeout: Duration,
    pub read_timeout: Duration,
    /// Extra attempts for requests a retry cannot duplicate (GETs, POSTs carrying your unique id).
    pub max_retries: u32,
    /// First pause between attempts; it doubles each time, up to 2 seconds (or up to itself
    /// when longer). At most [`MAX_RETRY_BACKOFF`]; no retry starts after
    /// [`MAX_RETRY_WINDOW`](super::MAX_RETRY_WINDOW).
    pub retry_backoff: Duration,
    /// Which binding uses the core, for the `User-Agent` (`rust`, `python`, `node`, `php`, `c`).
    pub binding: String,
    /// The proxy every request goes through (`http://user:password@host:port`, `https://`,
    /// `socks5://`), whatever `HTTP_PROXY`/`HTTPS_PROXY`/`NO_PROXY` say. `None`: those
    /// variables decide, as for any HTTP client. Its credentials are masked like the secret.
    pub proxy: Option<String>,
    /// Told of each attempt as it starts and ends (see [`Attempt`](super::Attempt)).
    pub observer: Option<Observer>,
}

impl Config {
    pub fn new(api_base_url: impl Into<String>, secret: impl Into<String>) -> Config {
        Config {
            api_base_url: api_base_url.into(),
            plugin_base_url: None,
            secret: secret.into(),
            withdrawal_private_key: None,
            postback_private_key: None,
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            max_retries: 2,
            retry_backoff: Duration::from_millis(200),
            binding: "rust".to_owned(),
            proxy: None,
            observer: None,
        }
    }

    /// Every request through this proxy, whatever the environment says.
    pub fn proxy(mut self, url: impl Into<String>) -> Config {
        self.proxy = Some(url.into());
        self
    }

    /// Calls `observer` as each attempt starts and ends (logging, metrics, debug hooks).
    pub fn observer(
        mut self,
        observer: impl Fn(&super::Attempt) + Send + Sync + 'static,
    ) -> Config {
        self.observer = Some(std::sync::Arc::new(observer));
        self
    }

    pub fn withdrawal_private_key(mut self, key: impl Into<String>) -> Config {
        self.withdrawal_private_key = Some(key.into());
        self
    }

    pub fn postback_private_key(mut self, key: impl Into<String>) -> Config {
        self.postback_private_key = Some(key.into());
        self
    }

    pub fn plugin_base_url(mut self, url: impl Into<String>) -> Config {
        self.plugin_base_url = Some(url.into());
        self
    }

    pub fn timeouts(mut self, connect: Duration, read: Duration) -> Config {
        self.connect_timeout = connect;
        self.read_timeout = read;
        self
    }

    pub(crate) fn check(&self) -> Result<(), Error> {
        validate::url("api_base_url", &self.api_base_url)?;
        if let Some(p) = &self.plugin_base_url {
            validate::url("plugin_base_url", p)?;
        }
        if self.secret.is_empty() {
            return Err(Error::validation("secret", "must not be empty"));
        }
        check_timeout("connect_timeout", self.connect_timeout)?;
        check_timeout("read_timeout", self.read_timeout)?;
        check_backoff("retry_backoff", self.retry_backoff)?;
        if let Some(proxy) = &self.proxy {
            check_proxy(proxy)?;
        }
        if self.max_retries > MAX_RETRIES {
            return Err(Error::validation(
                "max_retries",
                format!("must be {MAX_RETRIES} or fewer"),
            ));
        }
        Ok(())
    }

    /// Reads the JSON form the bindings use: `{"api_base_url", "secret", "withdrawal_private_key",
    /// "postback_private_key", "plugin_base_url", "connect_timeout_ms", "read_timeout_ms",
    /// "max_retries", "retry_backoff_ms", "binding"}`; the durations may also be given in seconds
    /// as `connect_timeout`, `read_timeout`, `retry_backoff`. Errors name the key as written.
    /// Unknown keys are refused (they are typos).
    pub fn from_json(json: &str) -> Result<Config, Error> {
        let value = decode(json).map_err(|e| Error::validation("config", e.to_string()))?;
        let Value::Array(map) = value else {
            return Err(Error::validation("config", "must be a JSON object"));
        };
        let text = |name: &str| -> Result<Option<String>, Error> {
            match map.get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::Str(s)) => Ok(Some(s.clone())),
                Some(v) => Err(Error::validation(
                    name,
                    format!("must be a string, got {}", v.type_name()),
                )),
            }
        };
        let number = |name: &str| -> Result<Option<u64>, Error> {
            match map.get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::Int(i)) if *i >= 0 => Ok(Some(*i as u64)),
                Some(Value::Int(i)) => Err(Error::validation(
                    name,
                    format!("must be a non-negative integer, got {i}"),
                )),
                Some(v) => Err(Error::validation(
                    name,
                    format!("must be a non-negative integer, got {}", v.type_name()),
                )),
            }
        };
        // A duration in milliseconds (`read_timeout_ms`) or in seconds (`read_timeout`), checked
        // under the name the caller wrote.
        let duration = |seconds_name: &str,
                        check: fn(&str, Duration) -> Result<(), Error>|
         -> Result<Option<Duration>, Error> {
            let ms_name = format!("{seconds_name}_ms");
            let mut found = None;
            if let Some(ms) = number(&ms_name)? {
                let d = Duration::from_millis(ms);
                check(&ms_name, d)?;
                found = Some(d);
            }
            let seconds = match map.get(seconds_name) {
                None | Some(Value::Null) => None,
                Some(Value::Int(i)) => Some(*i as f64),
                Some(Value::Float(f)) => Some(*f),
                Some(v) => {
                    return Err(Error::validation(
                        seconds_name,
                        format!("must be a number of seconds, got {}", v.type_name()),
                    ))
                }
            };
            if let Some(s) = seconds {
                if found.is_some() {
                    return Err(Error::validation(
                        seconds_name,
                        format!("is given twice, also as {ms_name}"),
                    ));
                }
                let d = Duration::try_from_secs_f64(s).map_err(|_| {
                    Error::validation(
                        seconds_name,
                        format!("must be a non-negative number of seconds, got {s}"),
                    )
                })?;
                check(seconds_name, d)?;
                found = Some(d);
            }
            Ok(found)
        };
        const KEYS: [&str; 14] = [
            "api_base_url",
            "plugin_base_url",
            "secret",
            "withdrawal_private_key",
            "postback_private_key",
            "connect_timeout_ms",
            "read_timeout_ms",
            "max_retries",
            "retry_backoff_ms",
            "connect_timeout",
            "read_timeout",
            "retry_backoff",
            "binding",
            "proxy",
        ];
        if let Some((k, _)) = map
            .iter()
            .find(|(k, _)| !KEYS.contains(&k.as_text().as_ref()))
        {
            return Err(Error::validation(k.to_string(), "is not a client setting"));
        }
        let mut config = Config::new(
            text("api_base_url")?
                .ok_or_else(|| Error::validation("api_base_url", "is required"))?,
            text("secret")?.ok_or_else(|| Error::validation("secret", "is required"))?,
        );
        config.plugin_base_url = text("plugin_base_url")?;
        config.withdrawal_private_key = text("withdrawal_private_key")?;
        config.postback_private_key = text("postback_private_key")?;
        config.proxy = text("proxy")?;
        if let Some(d) = duration("connect_timeout", check_timeout)? {
            config.connect_timeout = d;
        }
        if let Some(d) = duration("read_timeout", check_timeout)? {
            config.read_timeout = d;
        }
        if let Some(d) = duration("retry_backoff", check_backoff)? {
            config.retry_backoff = d;
        }
        if let Some(n) = number("max_retries")? {
            config.max_retries = u32::try_from(n).unwrap_or(u32::MAX);
        }
        if let Some(b) = text("binding")? {
            config.binding = b;
        }
        Ok(config)
    }
}

/// The longest connect or read timeout a client accepts.
pub const MAX_TIMEOUT: Duration = Duration::from_secs(600);
/// The longest first pause between attempts.
pub const MAX_RETRY_BACKOFF: Duration = Duration::from_secs(10);
/// The most extra attempts.
pub const MAX_RETRIES: u32 = 10;

fn check_timeout(name: &str, t: Duration) -> Result<(), Error> {
    if t.is_zero() {
        return Err(Error::validation(
            name,
            "must be greater than zero: requests always have timeouts",
        ));
    }
    if t > MAX_TIMEOUT {
        return Err(Error::validation(
            name,
            format!("must be at most {} seconds", MAX_TIMEOUT.as_secs()),
        ));
    }
    Ok(())
}

/// The proxy's own URL is never echoed: it may carry a password.
fn check_proxy(url: &str) -> Result<(), Error> {
    let scheme = url.split_once("://").map(|(s, _)| s.to_ascii_lowercase());
    let known = matches!(
        scheme.as_deref(),
        Some("http" | "https" | "socks4" | "socks4a" | "socks5")
    );
    if !known || ureq::Proxy::new(url).is_err() {
        return Err(Error::validation(
            "proxy",
            "must be a proxy URL: http://[user:password@]host:port (or https://, socks5://)",
        ));
    }
    Ok(())
}

fn check_backoff(name: &str, t: Duration) -> Result<(), Error> {
    if t > MAX_RETRY_BACKOFF {
        return Err(Error::validation(
            name,
            format!("must be at most {} seconds", MAX_RETRY_BACKOFF.as_secs()),
        ));
    }
    Ok(())
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hidden = |k: &Option<String>| if k.is_some() { "<redacted>" } else { "<unset>" };
        f.debug_struct("Config")
            .field("api_base_url", &self.api_base_url)
            .field("plugin_base_url", &self.plugin_base_url)
            .field("secret", &"<redacted>")
            .field(
                "withdrawal_private_key",
                &hidden(&self.withdrawal_private_key),
            )
            .field("postback_private_key", &hidden(&self.postback_private_key))
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("max_retries", &self.max_retries)
            .field("binding", &self.binding)
            .field(
                "proxy",
                &self.proxy.as_deref().map(super::redact::proxy_for_display),
            )
            .field("observer", &self.observer.as_ref().map(|_| "<set>"))
            .finish()
    }
}
