//! `dealscope man`: the man page, in roff, from the same clap definition
//! that parses the command line (so it lists every command and flag there is).
//!
//! One page for the whole program: clap_mangen's own subcommand list points
//! at a page per command (dealscope-validate(1)…) that nobody installs, so
//! the commands are written here as sections of this page instead.

use super::{Exit, Output};
use clap::CommandFactory;
use std::io::{self, Write};

/// Writes the man page: `dealscope man > dealscope.1`, or `dealscope man |
/// man -l -` to read it at once.
pub fn man(o: &mut Output) -> io::Result<Exit> {
    let command = crate::cli::Cli::command();
    let page = clap_mangen::Man::new(command.clone());
    page.render_title(o.out)?;
    page.render_name_section(o.out)?;
    page.render_synopsis_section(o.out)?;
    page.render_description_section(o.out)?;
    page.render_options_section(o.out)?;
    render_commands(&command, o.out)?;
    page.render_version_section(o.out)?;
    Ok(Exit::Success)
}

/// A COMMANDS section: each subcommand's usage, what it does, its arguments.
fn render_commands(command: &clap::Command, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, ".SH COMMANDS")?;
    for sub in command.get_subcommands() {
        let usage = format!("dealscope {}", sub.get_name());
        writeln!(out, ".SS \"{}\"", escape(&usage))?;
        let about = sub.get_long_about().or(sub.get_about());
        if let Some(about) = about {
            writeln!(out, "{}", escape(&about.to_string()))?;
        }
        for arg in sub.get_arguments().filter(|a| !a.is_hide_set()) {
            writeln!(out, ".TP")?;
            writeln!(out, "{}", argument_head(arg))?;
            if let Some(help) = arg.get_long_help().or(arg.get_help()) {
                writeln!(out, "{}", escape(&help.to_string()))?;
            }
        }
    }
    Ok(())
}

/// `\fB\-\-format\fR \fI<FORMAT>\fR`, or `\fI<FILE>\fR` for a positional.
fn argument_head(arg: &clap::Arg) -> String {
    let value = arg
        .get_value_names()
        .and_then(|names| names.first())
        .map_or_else(
            || arg.get_id().to_string().to_uppercase(),
            ToString::to_string,
        );
    let value = format!("\\fI<{}>\\fR", escape(&value));
    if arg.is_positional() {
        return value;
    }
    let mut names = Vec::new();
    if let Some(short) = arg.get_short() {
        names.push(format!("\\fB\\-{short}\\fR"));
    }
    if let Some(long) = arg.get_long() {
        names.push(format!("\\fB\\-\\-{}\\fR", escape(long)));
    }
    if arg.get_action().takes_values() {
        format!("{} {value}", names.join(", "))
    } else {
        names.join(", ")
    }
}

/// Text made safe for roff: backslashes and hyphens escaped, and no line
/// starting with a control character ('.' or '\'').
fn escape(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('-', "\\-");
    escaped
        .lines()
        .map(|line| match line.starts_with(['.', '\'']) {
            true => format!("\\&{line}"),
            false => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roff_escapes_hyphens_backslashes_and_leading_dots() {
        assert_eq!(escape("a-b \\ c"), "a\\-b \\\\ c");
        assert_eq!(escape(".TH bad\n'also"), "\\&.TH bad\n\\&'also");
    }
}
