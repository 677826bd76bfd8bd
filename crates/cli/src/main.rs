//! The `tonle` command line.

mod aggregate;
mod extract;
mod gazetteer;
mod lists;
mod resume;

use std::process::ExitCode;

// Many small, short-lived allocations on many threads (tokens, records, batch buffers):
// mimalloc returns freed memory to each thread's own pages, so peak memory stays flat as a
// run goes on where glibc's arenas fragment and grow, and it spends fewer instructions.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "tonle",
    version,
    about = "Turn archives of scraped news into JSON-lines records of people, places, \
             organizations and numbers.",
    long_about = None,
    propagate_version = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Extract(extract::ExtractArgs),
    Gazetteer(gazetteer::GazetteerArgs),
    Aggregate(aggregate::AggregateArgs),
    Report(aggregate::ReportArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Gazetteer(args) => gazetteer::run(args),
        Command::Aggregate(args) => aggregate::run_aggregate(args),
        Command::Report(args) => aggregate::run_report(args),
    }
}

/// The file an `-o` option names, or `None` for standard output: no `-o`, or `-o -` as most
/// command-line tools read it.
fn output_file(path: Option<&std::path::Path>) -> Option<&std::path::Path> {
    path.filter(|p| p.as_os_str() != "-")
}
