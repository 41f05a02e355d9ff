//! The `closeloop` binary: parse arguments, run, map the outcome to an exit
//! code (0 clean, 1 problems in the repository, 2 could not run).

use clap::Parser;
use closeloop::cli::Cli;
use std::io::IsTerminal;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    match closeloop::run(&cli, epoch.as_deref()) {
        Ok(closeloop::commands::Outcome::Clean) => ExitCode::SUCCESS,
        Ok(closeloop::commands::Outcome::Problems) => ExitCode::from(1),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) if config_error(&e).is_some() => {
            // A bad closeloop.toml is shown as a diagnostic: the line of
            // the file, underlined, and the help.
            let color = closeloop::commands::color_for(cli.color, std::io::stderr().is_terminal());
            eprint!("{}", config_error(&e).unwrap().render(color));
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn config_error(e: &anyhow::Error) -> Option<&closeloop::config::ConfigError> {
    e.chain().find_map(|c| c.downcast_ref())
}

/// `closeloop validate | head` closing the pipe early is not a failure.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
