//! The formatter's settings: the `[format]` table of halint.toml.

use serde::Deserialize;

/// How the formatter lays out a config.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct FormatOptions {
    /// One level of indentation.
    pub indent: Indent,
    /// Blank lines before each section (and the comments right above its header).
    pub blank_lines_before_section: usize,
    /// Most blank lines in a row elsewhere.
    pub max_blank_lines: usize,
    /// Indent the inside of `.if` blocks one more level.
    pub indent_conditionals: bool,
    /// Align the words of runs of `server`, `bind` and `peer` lines in columns.
    pub align_columns: bool,
}

impl Default for FormatOptions {
    fn default() -> Self {
        FormatOptions {
            indent: Indent::Spaces(4),
            blank_lines_before_section: 1,
            max_blank_lines: 1,
            indent_conditionals: true,
            align_columns: false,
        }
    }
}

/// One level of indentation: `indent = 2`, `indent = 4` or `indent = "tab"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(try_from = "IndentSetting")]
pub enum Indent {
    /// This many spaces (1 to 8).
    Spaces(u8),
    /// One tab.
    Tab,
}

impl Indent {
    /// Appends `level` levels of indentation to `out`.
    pub fn push(self, out: &mut String, level: usize) {
        match self {
            Indent::Spaces(n) => out.extend(std::iter::repeat_n(' ', level * n as usize)),
            Indent::Tab => out.extend(std::iter::repeat_n('\t', level)),
        }
    }
}

/// What halint.toml may say for `indent`.
#[derive(Deserialize)]
#[serde(untagged)]
enum IndentSetting {
    Width(u64),
    Name(String),
}

impl TryFrom<IndentSetting> for Indent {
    type Error = String;

    fn try_from(value: IndentSetting) -> Result<Self, Self::Error> {
        match value {
            IndentSetting::Width(n @ 1..=8) => Ok(Indent::Spaces(n as u8)),
            IndentSetting::Name(name) if name == "tab" => Ok(Indent::Tab),
            IndentSetting::Width(n) => Err(format!("indent of {n} spaces: expected 1 to 8, or \"tab\"")),
            IndentSetting::Name(name) => {
                Err(format!("indent \"{name}\": expected a number of spaces or \"tab\""))
            }
        }
    }
}
