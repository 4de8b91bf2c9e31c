//! Typed configuration: defaults → `kyodo.toml` → `KYODO_*` environment → flags.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::cli::GlobalArgs;

/// What `kyodo.toml` may hold (every key optional; unknown keys are an error).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    bind: Option<String>,
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    secure_cookies: Option<bool>,
    public_url: Option<String>,
    smtp_url: Option<String>,
    mail_from: Option<String>,
}

#[derive(Clone)]
pub struct Config {
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    pub database_url: String,
    pub secure_cookies: bool,
    /// For links in mail, without a trailing slash.
    pub public_url: String,
    pub smtp_url: Option<String>,
    pub mail_from: String,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("bind", &self.bind)
            .field("data_dir", &self.data_dir)
            .field("database_url", &kyodo_store::redact(&self.database_url))
            .field("secure_cookies", &self.secure_cookies)
            .field("public_url", &self.public_url)
            .field("smtp_url", &self.smtp_url.as_deref().map(kyodo_store::redact))
            .field("mail_from", &self.mail_from)
            .finish()
    }
}

impl Config {
    pub fn resolve(args: &GlobalArgs) -> Result<Self, String> {
        let file = load_file(args.config.as_deref())?;
        let bind_text = args
            .bind
            .clone()
            .or(file.bind)
            .unwrap_or_else(|| "127.0.0.1:8080".into());
        let bind = bind_text.parse::<SocketAddr>().map_err(|_| {
            format!("bind「{bind_text}」は「アドレス:ポート」の形式ではありません（例: 127.0.0.1:8080）")
        })?;
        let data_dir = args
            .data_dir
            .clone()
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from("data"));
        let database_url = args
            .database_url
            .clone()
            .or(file.database_url)
            .filter(|u| !u.trim().is_empty());
        let database_url = match database_url {
            Some(url) => {
                if kyodo_store::Backend::from_url(&url).is_none() {
                    return Err(format!(
                        "database_url「{}」は sqlite:// か postgres:// で始まる必要があります",
                        kyodo_store::redact(&url)
                    ));
                }
                url
            }
            None => format!("sqlite://{}", data_dir.join("kyodo.db").display()),
        };
        let secure_cookies = args.secure_cookies.or(file.secure_cookies).unwrap_or(false);
        let public_url = args
            .public_url
            .clone()
            .or(file.public_url)
            .unwrap_or_else(|| format!("http://{bind}"));
        let public_url = public_url.trim_end_matches('/').to_owned();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(format!(
                "public_url「{public_url}」は http:// か https:// で始まる必要があります"
            ));
        }
        let smtp_url = args.smtp_url.clone().or(file.smtp_url).filter(|u| !u.trim().is_empty());
        if let Some(u) = &smtp_url
            && !(u.starts_with("smtp://") || u.starts_with("smtps://"))
        {
            return Err(format!(
                "smtp_url「{}」は smtp:// か smtps:// で始まる必要があります",
                kyodo_store::redact(u)
            ));
        }
        let mail_from = args
            .mail_from
            .clone()
            .or(file.mail_from)
            .unwrap_or_else(|| "kyodo <noreply@localhost>".into());
        Ok(Self {
            bind,
            data_dir,
            database_url,
            secure_cookies,
            public_url,
            smtp_url,
            mail_from,
        })
    }
}

fn load_file(explicit: Option<&Path>) -> Result<FileConfig, String> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None if Path::new("kyodo.toml").exists() => PathBuf::from("kyodo.toml"),
        None => return Ok(FileConfig::default()),
    };
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{} を読めません: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| format!("{}: {}", path.display(), e.message()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_put_sqlite_in_the_data_directory() {
        let c = Config::resolve(&GlobalArgs::default()).unwrap();
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(c.database_url, "sqlite://data/kyodo.db");
        assert!(!c.secure_cookies);
    }

    #[test]
    fn flags_win_over_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("kyodo.toml");
        std::fs::write(&file, "bind = \"0.0.0.0:9000\"\ndata_dir = \"/srv/kyodo\"\n").unwrap();
        let args = GlobalArgs {
            config: Some(file),
            bind: Some("127.0.0.1:7000".into()),
            ..Default::default()
        };
        let c = Config::resolve(&args).unwrap();
        assert_eq!(c.bind.to_string(), "127.0.0.1:7000");
        assert_eq!(c.data_dir, PathBuf::from("/srv/kyodo"));
        assert_eq!(c.database_url, "sqlite:///srv/kyodo/kyodo.db");
    }

    #[test]
    fn bad_values_fail_with_one_clear_line() {
        let args = GlobalArgs {
            bind: Some("localhost".into()),
            ..Default::default()
        };
        assert!(Config::resolve(&args).unwrap_err().contains("localhost"));
        let args = GlobalArgs {
            database_url: Some("mysql://x".into()),
            ..Default::default()
        };
        assert!(Config::resolve(&args).unwrap_err().contains("sqlite://"));
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("kyodo.toml");
        std::fs::write(&file, "colour = 1\n").unwrap();
        let args = GlobalArgs {
            config: Some(file),
            ..Default::default()
        };
        assert!(Config::resolve(&args).unwrap_err().contains("colour"));
    }

    #[test]
    fn the_database_password_is_not_in_debug_output() {
        let args = GlobalArgs {
            database_url: Some("postgres://u:hunter2@h/db".into()),
            ..Default::default()
        };
        let c = Config::resolve(&args).unwrap();
        assert!(!format!("{c:?}").contains("hunter2"));
    }
}
