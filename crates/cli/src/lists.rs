//! Loading the gazetteers a command uses, and what to tell the user when that fails: the
//! library says what is wrong ([`LoadError`], with a [`CacheErrorKind`]); this module adds
//! the command or flag that puts it right.

use std::path::PathBuf;

use tonle_gazetteer::cache::EXTENSION;
use tonle_gazetteer::{CacheError, CacheErrorKind, Gazetteer, LoadError};

const RECOMPILE: &str = "run `tonle gazetteer compile` again to rebuild it from the lists";

/// A failed load, as the user is told it.
pub struct LoadFailure {
    /// What went wrong and how to fix it, starting with the file.
    pub message: String,
    /// The fault may be in a list's format (worth pointing to docs/gazetteers.md).
    pub about_lists: bool,
}

/// The shipped lists unless `!defaults`, plus `paths`; or the compiled gazetteer given as
/// the only path (see [`tonle_gazetteer::load_lists`]).
pub fn load(defaults: bool, paths: &[PathBuf]) -> Result<Gazetteer, LoadFailure> {
    tonle_gazetteer::load_lists(defaults, paths).map_err(|e| describe(&e))
}

fn describe(e: &LoadError) -> LoadFailure {
    match e {
        LoadError::List(e) => LoadFailure {
            message: e.to_string(),
            about_lists: true,
        },
        LoadError::Cache(e) => LoadFailure {
            message: format!("{}: {}", e.file, with_hint(e)),
            about_lists: matches!(
                e.kind,
                CacheErrorKind::Io | CacheErrorKind::LacksShippedLists
            ),
        },
    }
}

/// The library's message with the command or flag that fixes it.
fn with_hint(e: &CacheError) -> String {
    let m = &e.message;
    match e.kind {
        CacheErrorKind::NotACache => format!(
            "{m}; compile lists into one with `tonle gazetteer compile`, or give the lists \
             themselves"
        ),
        CacheErrorKind::Version | CacheErrorKind::Corrupt | CacheErrorKind::Stale => {
            format!("{m}; {RECOMPILE}")
        }
        CacheErrorKind::Io => m.clone(),
        CacheErrorKind::CombinedWithLists => format!(
            "{m}: compile them together, `tonle gazetteer compile --gazetteer LIST... -o \
             FILE.{EXTENSION}`, and give only that file"
        ),
        // Said whole: the flag is the point of the message.
        CacheErrorKind::HasShippedLists => "this compiled gazetteer includes the shipped lists, \
            but --no-default-gazetteers asks for none: leave out --no-default-gazetteers, or \
            compile it again with `tonle gazetteer compile --no-default-gazetteers ...`"
            .into(),
        CacheErrorKind::LacksShippedLists => "this compiled gazetteer was compiled without the \
            shipped lists: add --no-default-gazetteers to use it alone, or compile it again \
            without --no-default-gazetteers to include them"
            .into(),
    }
}
