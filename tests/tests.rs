//! The integration suite: one binary (one link step, one place to look),
//! a module per feature. See `tests/README.md`.

mod base;
mod checked;
mod closing;
mod duplicates;
mod github;
mod hostile;
mod init;
mod inputs;
mod locate;
mod new;
mod output;
mod pages;
mod publish;
mod report;
mod schema;
mod serve;
mod shell;
mod site;
mod sla;
mod support;
mod validate;
