//! What the end-to-end tests share: where the repository is, running the built `tonle`
//! binary, and reading what it printed. Each test file says `mod harness;`.

// Each test target uses what it needs of this module.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use tonle::Record;

/// The binary under test.
pub const TONLE: &str = env!("CARGO_BIN_EXE_tonle");

/// The repository's root directory.
pub fn repo_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize()
        .unwrap_or_else(|e| panic!("cannot resolve the repository root {}: {e}", root.display()))
}

/// `path` as an argument.
pub fn arg(path: &Path) -> String {
    path.display().to_string()
}

/// What one run of the binary did.
pub struct Run {
    pub args: Vec<String>,
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

/// Runs `tonle` with `args`, feeding `stdin` (or nothing) on standard input.
pub fn tonle<I, S>(args: I, stdin: Option<&[u8]>) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let args: Vec<_> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
    let mut child = Command::new(TONLE)
        .args(&args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {TONLE}: {e}"));
    let writer = stdin.map(|bytes| {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        let bytes = bytes.to_vec();
        std::thread::spawn(move || {
            // The binary may stop reading early; a broken pipe is its business, not ours.
            let _ = pipe.write_all(&bytes);
        })
    });
    let out = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("cannot wait for {TONLE}: {e}"));
    if let Some(w) = writer {
        w.join().expect("the stdin writer thread panicked");
    }
    Run {
        args: args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect(),
        code: out.status.code(),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

impl Run {
    /// A description of the run for failure messages.
    pub fn describe(&self) -> String {
        let stdout = String::from_utf8_lossy(&self.stdout);
        let shown: String = stdout.chars().take(2000).collect();
        let more = if shown.len() < stdout.len() {
            format!("\n... ({} more bytes)", stdout.len() - shown.len())
        } else {
            String::new()
        };
        format!(
            "\n  command: tonle {}\n  exit status: {:?}\n  --- stderr ---\n{}\n  --- stdout ---\n{shown}{more}\n",
            self.args.join(" "),
            self.code,
            self.stderr
        )
    }

    pub fn assert_code(&self, expected: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(expected),
            "expected exit status {expected}{}",
            self.describe()
        );
        self
    }

    pub fn assert_stdout(&self, needle: &str) -> &Self {
        assert!(
            self.stdout_str().contains(needle),
            "standard output lacks {needle:?}{}",
            self.describe()
        );
        self
    }

    pub fn assert_stderr(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "standard error lacks {needle:?}{}",
            self.describe()
        );
        self
    }

    pub fn stdout_str(&self) -> &str {
        std::str::from_utf8(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not UTF-8: {e}{}", self.describe()))
    }

    /// The records on standard output, as JSON values (to check the JSON itself).
    pub fn json_records(&self) -> Vec<serde_json::Value> {
        parse_lines(self.stdout_str(), "standard output")
    }

    /// The records on standard output, typed.
    pub fn records(&self) -> Vec<Record<'static>> {
        parse_lines(self.stdout_str(), "standard output")
    }
}

/// Each line of `output` parsed as JSON into a `T`; `what` names the output in failures.
pub fn parse_lines<T: serde::de::DeserializeOwned>(output: &str, what: &str) -> Vec<T> {
    output
        .lines()
        .enumerate()
        .map(|(i, line)| {
            serde_json::from_str(line).unwrap_or_else(|e| {
                panic!("line {} of {what} is not a record ({e}):\n{line}", i + 1)
            })
        })
        .collect()
}

/// Writes `bytes` to `path`, making its directory.
pub fn write(path: &Path, bytes: impl AsRef<[u8]>) -> PathBuf {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    path.to_path_buf()
}

/// Starts `tonle` with `args` and the environment `env`, standard error piped (to wait for
/// what it says), standard output to a null device, without waiting for it.
pub fn spawn_tonle(args: &[String], env: &[(&str, &str)]) -> std::process::Child {
    Command::new(TONLE)
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {TONLE}: {e}"))
}

/// Reads the child's standard error until a line contains `needle`; returns what it read.
/// Panics if the child closes standard error first.
pub fn wait_for_stderr(child: &mut std::process::Child, needle: &str) -> String {
    use std::io::BufRead as _;
    let stderr = child.stderr.as_mut().expect("standard error is piped");
    let mut reader = std::io::BufReader::new(stderr);
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        let n = reader.read_line(&mut line).unwrap();
        assert!(n > 0, "tonle ended without saying {needle:?}:\n{seen}");
        seen.push_str(&line);
        if line.contains(needle) {
            return seen;
        }
    }
}

/// Sends `signal` (`TERM`, `INT`, `KILL`) to the child with `kill(1)`.
pub fn send_signal(child: &std::process::Child, signal: &str) {
    let status = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(child.id().to_string())
        .status()
        .expect("kill(1) runs");
    assert!(status.success(), "kill -{signal} failed");
}
