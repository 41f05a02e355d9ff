//! `closeloop completions SHELL` and `closeloop man`: generated from the
//! same clap definitions as the parser, so they never drift from it.

use super::Outcome;
use anyhow::Result;
use clap::CommandFactory;

pub fn completions(shell: clap_complete::Shell, out: &mut dyn std::io::Write) -> Result<Outcome> {
    let mut cmd = crate::cli::Cli::command();
    clap_complete::generate(shell, &mut cmd, "closeloop", out);
    Ok(Outcome::Clean)
}

/// The manual page: the command with its global options, then a section
/// per subcommand with its own options, so `man closeloop` shows every
/// flag.
pub fn man(out: &mut dyn std::io::Write) -> Result<Outcome> {
    let mut page = Vec::new();
    render_man(&mut page)?;
    // roff input is ASCII: every other character as its `\[uXXXX]` name,
    // so groff reads the page without a preprocessor or warnings.
    let page = String::from_utf8_lossy(&page);
    let mut ascii = String::with_capacity(page.len());
    for c in page.chars() {
        if c.is_ascii() {
            ascii.push(c);
        } else {
            ascii.push_str(&format!("\\[u{:04X}]", u32::from(c)));
        }
    }
    out.write_all(ascii.as_bytes())?;
    Ok(Outcome::Clean)
}

fn render_man(out: &mut dyn std::io::Write) -> Result<()> {
    let cmd = crate::cli::Cli::command();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        render_subcommand(out, "closeloop", sub)?;
    }
    man.render_version_section(out)?;
    Ok(())
}

fn render_subcommand(
    out: &mut dyn std::io::Write,
    parent: &str,
    sub: &clap::Command,
) -> Result<()> {
    let name = format!("{parent} {}", sub.get_name());
    writeln!(out, ".SH \"{}\"", roff_text(&name.to_uppercase()))?;
    if let Some(about) = sub.get_long_about().or(sub.get_about()) {
        writeln!(out, "{}", roff_text(&about.to_string()))?;
    }
    let args: Vec<&clap::Arg> = sub
        .get_arguments()
        .filter(|a| !a.is_hide_set() && !a.is_global_set())
        .collect();
    for arg in args {
        let mut head = String::new();
        if let Some(long) = arg.get_long() {
            head.push_str(&format!("\\fB\\-\\-{long}\\fR"));
            if arg.get_action().takes_values() {
                let value = arg
                    .get_value_names()
                    .and_then(|v| v.first())
                    .map_or_else(|| arg.get_id().as_str().to_uppercase(), ToString::to_string);
                head.push_str(&format!(" \\fI{}\\fR", roff_text(&value)));
            }
        } else {
            head.push_str(&roff_text(&format!(
                "<{}>",
                arg.get_value_names()
                    .and_then(|v| v.first())
                    .map_or_else(|| arg.get_id().to_string(), ToString::to_string)
            )));
        }
        writeln!(out, ".TP\n{head}")?;
        let mut help = arg
            .get_long_help()
            .or(arg.get_help())
            .map(ToString::to_string)
            .unwrap_or_default();
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_owned())
            .collect();
        if !values.is_empty() {
            help = format!(
                "{}. One of: {}.",
                help.trim_end_matches('.'),
                values.join(", ")
            );
        }
        writeln!(out, "{}", roff_text(help.trim()))?;
    }
    for nested in sub.get_subcommands().filter(|s| !s.is_hide_set()) {
        render_subcommand(out, &name, nested)?;
    }
    Ok(())
}

/// Text safe in a roff line: backslashes and leading dots or quotes
/// escaped, hyphens as `\-`, newlines as spaces.
fn roff_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\e"),
            '-' => out.push_str("\\-"),
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    if out.starts_with('.') || out.starts_with('\'') {
        out.insert_str(0, "\\&");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_argument_has_help() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                let builtin = matches!(arg.get_id().as_str(), "help" | "version");
                if !builtin && arg.get_help().is_none() && arg.get_long_help().is_none() {
                    missing.push(format!("{path} {}", arg.get_id()));
                }
            }
            for sub in cmd.get_subcommands() {
                if sub.get_about().is_none() {
                    missing.push(format!("{path} {} (no about)", sub.get_name()));
                }
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&crate::cli::Cli::command(), "closeloop", &mut missing);
        assert!(missing.is_empty(), "no help text: {missing:?}");
    }

    #[test]
    fn roff_text_escapes_what_roff_reads() {
        assert_eq!(roff_text(".start"), "\\&.start");
        assert_eq!(roff_text("a\\b-c"), "a\\eb\\-c");
    }
}
