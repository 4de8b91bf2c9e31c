//! People who sign in: e-mail, password policy, display name, and site-wide roles.

use std::fmt;

use crate::text::{self, grapheme_len};
use crate::{FieldError, Invalid};

pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 128;

/// A syntactically valid e-mail address, lower-cased (addresses are compared case-insensitively).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        let s = text::to_halfwidth_ascii(&text::clean(input, false)).to_lowercase();
        if s.is_empty() {
            return Err(FieldError::required(field, "メールアドレス"));
        }
        if s.len() > 254 || !email_address::EmailAddress::is_valid(&s) || !s.contains('.') {
            return Err(FieldError::new(
                field,
                "invalid_email",
                "メールアドレスの形式が正しくありません（例: name@example.jp）。",
            ));
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A password that meets the policy. Never logged or displayed.
pub struct Password(String);

impl Password {
    /// Length is the rule that matters (NIST SP 800-63B); composition rules are not imposed.
    pub fn parse(field: &str, input: &str, email: Option<&Email>) -> Result<Self, FieldError> {
        let n = grapheme_len(input);
        if n < PASSWORD_MIN {
            return Err(FieldError::new(
                field,
                "password_too_short",
                format!("パスワードは{PASSWORD_MIN}文字以上にしてください。"),
            ));
        }
        if n > PASSWORD_MAX {
            return Err(FieldError::too_long(field, "パスワード", PASSWORD_MAX));
        }
        if password_is_common(input, email) {
            return Err(FieldError::new(
                field,
                "password_too_common",
                "よく使われるパスワードや、その一部を変えただけのもの（例：password123、11111111111、qwertyuiop）は使えません。推測されにくい言葉を組み合わせてください。",
            ));
        }
        if email.is_some_and(|e| e.as_str().eq_ignore_ascii_case(input.trim())) {
            return Err(FieldError::new(
                field,
                "password_is_email",
                "メールアドレスと同じパスワードは使えません。",
            ));
        }
        Ok(Self(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// Passwords people choose most often (see the file's header).
const COMMON: &str = include_str!("../data/common-passwords.txt");

/// Is this password one an attacker tries first? A listed one, the same with digits or symbols
/// around it (`password123`, `!qwerty2024`), the e-mail's own name, one repeated character or
/// block (`aaaaaaaaaa`, `abcabcabca`), or a run along the alphabet, the digits or a keyboard row.
pub fn password_is_common(input: &str, email: Option<&Email>) -> bool {
    let lower = input.trim().to_lowercase();
    let core = lower.trim_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation() || c == ' ');
    let listed = |w: &str| {
        COMMON
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .any(|l| l == w)
    };
    if listed(&lower) || (!core.is_empty() && listed(core)) {
        return true;
    }
    if let Some(local) = email.and_then(|e| e.as_str().split('@').next()) {
        let local = local.to_lowercase();
        if local.len() >= 4 && (core == local || lower == local) {
            return true;
        }
    }
    let chars: Vec<char> = lower.chars().collect();
    // One block repeated: "aaaa…", "abab…", "abcabc…" (blocks up to a third of the length).
    let repeated = (1..=chars.len() / 3).any(|k| chars.iter().enumerate().all(|(i, c)| *c == chars[i % k]));
    if repeated {
        return true;
    }
    const RUNS: [&str; 6] = [
        "abcdefghijklmnopqrstuvwxyz",
        "01234567890",
        "qwertyuiop",
        "asdfghjkl",
        "zxcvbnm",
        "1qaz2wsx3edc4rfv5tgb",
    ];
    let along = |s: &str| {
        RUNS.iter()
            .any(|r| r.contains(s) || r.chars().rev().collect::<String>().contains(s))
    };
    along(&lower) || (core.chars().count() >= 4 && along(core) && lower.len() - core.len() <= 4)
}

/// What an API token may do: read only, or also write. A token never mints other tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenScope {
    Read,
    Write,
}

impl TokenScope {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Write => "write",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "read" => Some(Self::Read),
            "write" => Some(Self::Write),
            _ => None,
        }
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Self::Read => "読み取りのみ",
            Self::Write => "読み取りと書き込み",
        }
    }
}

/// A token's life when its owner does not choose: long enough for a season's script.
pub const TOKEN_DAYS_DEFAULT: i64 = 90;
/// The longest a token may live: every token expires.
pub const TOKEN_DAYS_MAX: i64 = 365;

/// Site-wide role; organisation roles are `organization::MemberRole`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteRole {
    User,
    /// Support-centre staff: verifies groups, approves claims, helps collaborations.
    Coordinator,
    Admin,
}

impl SiteRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Coordinator => "coordinator",
            Self::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "user" => Some(Self::User),
            "coordinator" => Some(Self::Coordinator),
            "admin" => Some(Self::Admin),
            _ => None,
        }
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Self::User => "利用者",
            Self::Coordinator => "コーディネーター",
            Self::Admin => "管理者",
        }
    }
}

/// A sign-up as typed, parsed whole.
#[derive(Debug)]
pub struct NewAccount {
    pub email: Email,
    pub display_name: String,
    pub password: Password,
}

impl NewAccount {
    pub fn parse(email: &str, display_name: &str, password: &str) -> Result<Self, Invalid> {
        let mut errors = Invalid::default();
        let email = errors.check(Email::parse("email", email));
        let display_name = errors.check(text::required("display_name", "表示名", display_name, 50));
        let password = errors.check(Password::parse("password", password, email.as_ref()));
        match (email, display_name, password) {
            (Some(email), Some(display_name), Some(password)) if errors.0.is_empty() => Ok(Self {
                email,
                display_name,
                password,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse("e", " Ｔａｒｏ@Example.JP ").unwrap().as_str(),
            "taro@example.jp"
        );
        for bad in ["", "taro", "taro@", "@example.jp", "taro@localhost", "a b@example.jp"] {
            assert!(Email::parse("e", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_sign_up_reports_every_bad_field_at_once() {
        let err = NewAccount::parse("nope", "", "short").unwrap_err();
        let codes: Vec<_> = err.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            codes,
            [
                ("email", "invalid_email"),
                ("display_name", "required"),
                ("password", "password_too_short")
            ]
        );
        assert!(NewAccount::parse("a@example.jp", "山口 花子", "correct horse battery").is_ok());
    }

    #[test]
    fn common_passwords_and_their_variations_are_refused() {
        let email = Email::parse("e", "hanako.yamada@example.jp").ok();
        for p in [
            "password123",
            "Password2024!",
            "qwertyuiop",
            "1234567890",
            "0987654321",
            "aaaaaaaaaa",
            "abcabcabcabc",
            "abcdefghijk",
            "!!yamaguchi!!",
            "hanako.yamada",
            "iloveyou12",
            "1q2w3e4r5t",
        ] {
            assert!(
                Password::parse("password", p, email.as_ref()).is_err_and(|e| e.code == "password_too_common"),
                "{p}"
            );
        }
        for p in [
            "correct horse battery",
            "防府の海と白瓜の季節",
            "tsukushi-no-michi-42",
            "a drill pass phrase",
        ] {
            assert!(Password::parse("password", p, email.as_ref()).is_ok(), "{p}");
        }
    }

    #[test]
    fn password_debug_hides_the_secret() {
        let p = Password::parse("p", "correct horse battery", None).unwrap();
        assert_eq!(format!("{p:?}"), "Password(***)");
    }
}
