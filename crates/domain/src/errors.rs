//! Validation errors: which field, a stable code clients can branch on, and a Japanese message.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The input field's name as the form or API spells it.
    pub field: String,
    /// Stable machine-readable code, e.g. `required`, `too_long`.
    pub code: &'static str,
    /// Message for the person who typed it, in Japanese.
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code,
            message: message.into(),
        }
    }

    pub fn required(field: &str, label: &str) -> Self {
        Self::new(field, "required", format!("{label}を入力してください。"))
    }

    pub fn too_long(field: &str, label: &str, max: usize) -> Self {
        Self::new(field, "too_long", format!("{label}は{max}文字以内で入力してください。"))
    }
}

/// One or more field errors: the whole input is rejected, nothing is written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Invalid(pub Vec<FieldError>);

impl Invalid {
    pub fn one(e: FieldError) -> Self {
        Self(vec![e])
    }

    pub fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }

    /// Collects the error of a parse step, keeping its value if it succeeded.
    pub fn check<T>(&mut self, r: Result<T, FieldError>) -> Option<T> {
        r.map_err(|e| self.push(e)).ok()
    }

    pub fn into_result<T>(self, ok: impl FnOnce() -> T) -> Result<T, Invalid> {
        if self.0.is_empty() { Ok(ok()) } else { Err(self) }
    }

    /// The same errors with every field prefixed `{prefix}-`: for a form repeated on a page.
    #[must_use]
    pub fn renamed_all(mut self, prefix: &str) -> Self {
        for e in &mut self.0 {
            e.field = format!("{prefix}-{}", e.field);
        }
        self
    }

    /// The same errors with `from` called `to`: for an edge whose form names a field otherwise.
    pub fn renamed(mut self, from: &str, to: &str) -> Self {
        for e in &mut self.0 {
            if e.field == from {
                to.clone_into(&mut e.field);
            }
        }
        self
    }

    pub fn for_field(&self, field: &str) -> Option<&FieldError> {
        self.0.iter().find(|e| e.field == field)
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let msgs: Vec<_> = self.0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
        f.write_str(&msgs.join(" / "))
    }
}

impl std::error::Error for Invalid {}
