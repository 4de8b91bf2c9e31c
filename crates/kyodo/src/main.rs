//! The `kyodo` binary: parses the command line and configuration, then hands over to the library.

#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = kyodo::cli::Cli::parse();
    kyodo::run(cli)
}
