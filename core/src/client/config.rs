//! Client settings. `Debug` never shows the secret or the keys.

use std::fmt;
use std::time::Duration;

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
    /// First pause between attempts; it doubles each time, up to 2 seconds.
    pub retry_backoff: Duration,
    /// Which binding uses the core, for the `User-Agent` (`rust`, `python`, `node`, `php`, `c`).
    pub binding: String,
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
        }
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
        for (name, t) in [
            ("connect_timeout_ms", self.connect_timeout),
            ("read_timeout_ms", self.read_timeout),
        ] {
            if t.is_zero() {
                return Err(Error::validation(
                    name,
                    "must be greater than zero: requests always have timeouts",
                ));
            }
        }
        if self.max_retries > 10 {
            return Err(Error::validation("max_retries", "must be 10 or fewer"));
        }
        Ok(())
    }

    /// Reads the JSON form the bindings use: `{"api_base_url", "secret", "withdrawal_private_key",
    /// "postback_private_key", "plugin_base_url", "connect_timeout_ms", "read_timeout_ms",
    /// "max_retries", "retry_backoff_ms", "binding"}`. Unknown keys are refused (they are typos).
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
                Some(v) => Err(Error::validation(
                    name,
                    format!("must be a non-negative integer, got {}", v.type_name()),
                )),
            }
        };
        const KEYS: [&str; 10] = [
            "api_base_url",
            "plugin_base_url",
            "secret",
            "withdrawal_private_key",
            "postback_private_key",
            "connect_timeout_ms",
            "read_timeout_ms",
            "max_retries",
            "retry_backoff_ms",
            "binding",
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
        if let Some(ms) = number("connect_timeout_ms")? {
            config.connect_timeout = Duration::from_millis(ms);
        }
        if let Some(ms) = number("read_timeout_ms")? {
            config.read_timeout = Duration::from_millis(ms);
        }
        if let Some(n) = number("max_retries")? {
            config.max_retries = u32::try_from(n).unwrap_or(u32::MAX);
        }
        if let Some(ms) = number("retry_backoff_ms")? {
            config.retry_backoff = Duration::from_millis(ms);
        }
        if let Some(b) = text("binding")? {
            config.binding = b;
        }
        Ok(config)
    }
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
            .finish()
    }
}
