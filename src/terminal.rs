//! Text made safe for a terminal.
//!
//! File names, commit messages and what a server answers can hold escape sequences that set
//! the window title, clear the screen or plant links. Everything printed for
//! people (the text report, every line on stderr) goes through [`escape_controls`] last;
//! JSON and SARIF are left faithful, as JSON escapes control characters itself.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` must not reach a terminal raw: C0 controls (tab aside), DEL, C1 controls,
/// and the bidirectional overrides and isolates that make text read in another order than
/// it is stored.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\t')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// `text` with every character a terminal would act on written as an escape instead:
/// `\x1b` for ASCII controls, `\u{9b}` for the rest. Newlines are escaped too: one line in
/// is one line out.
///
/// ```
/// use oktaleaks::terminal::escape_controls;
/// assert_eq!(escape_controls("a\x1b]0;pwned\x07b"), "a\\x1b]0;pwned\\x07b");
/// assert_eq!(escape_controls("x\u{202e}y\nz"), "x\\u{202e}y\\x0az");
/// assert_eq!(escape_controls("plain\ttext"), "plain\ttext");
/// ```
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !is_unsafe(c) => out.push(c),
            c if c.is_ascii() => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
        }
    }
    Cow::Owned(out)
}
