//! Shell completion scripts and the man page, generated from the clap definition in
//! `args.rs`, so neither can drift from the flags the binary takes.
//!
//! Both write to any `io::Write` (standard output from the CLI); nothing here reads input.
//! The man page is one page, `oktaleaks(1)`: the top-level synopsis and subcommand list,
//! then a section per subcommand (nested ones too, such as `rules check`) with its options.

use std::io::{self, Write};

use clap::CommandFactory;
use clap_complete::Shell;

use super::args::Cli;

/// Writes the completion script for `shell`.
pub fn write_completions(shell: Shell, out: &mut dyn Write) {
    clap_complete::generate(shell, &mut Cli::command(), "oktaleaks", out);
}

/// Writes the man page in roff.
pub fn write_man(out: &mut dyn Write) -> io::Result<()> {
    let mut command = Cli::command();
    command.build();
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    // clap_mangen's own list points at a page per subcommand (`oktaleaks-scan(1)`); this one
    // page has a section per subcommand instead.
    writeln!(out, ".SH SUBCOMMANDS")?;
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        writeln!(
            out,
            ".TP\n\\fBoktaleaks {}\\fR\n{}",
            sub.get_name(),
            roff_text(&about)
        )?;
    }
    for sub in command.get_subcommands() {
        write_subcommand(sub, "oktaleaks", out)?;
    }
    man.render_version_section(out)
}

/// Text safe in a roff paragraph: backslashes escaped, and no line starting a request.
fn roff_text(text: &str) -> String {
    let escaped = text.replace('\\', "\\e");
    match escaped.chars().next() {
        Some('.' | '\'') => format!("\\&{escaped}"),
        _ => escaped,
    }
}

/// A section for one subcommand (`OKTALEAKS SCAN`): its synopsis, description and options,
/// then its own subcommands.
fn write_subcommand(sub: &clap::Command, parent: &str, out: &mut dyn Write) -> io::Result<()> {
    let name = format!("{parent} {}", sub.get_name());
    if sub.get_name() == "help" {
        return Ok(());
    }
    writeln!(out, ".SH \"{}\"", name.to_uppercase())?;
    let man = clap_mangen::Man::new(sub.clone().bin_name(name.clone()));
    // The subcommand's own sections, with their headings demoted to subsections.
    let mut section = Vec::new();
    man.render_synopsis_section(&mut section)?;
    man.render_description_section(&mut section)?;
    man.render_options_section(&mut section)?;
    let text = String::from_utf8_lossy(&section).replace(".SH ", ".SS ");
    out.write_all(text.as_bytes())?;
    for nested in sub.get_subcommands() {
        write_subcommand(nested, &name, out)?;
    }
    Ok(())
}
