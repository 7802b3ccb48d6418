//! Paging `show`'s text on a terminal, as git and bat do.
//!
//! The pager is `$JIANBAO_PAGER`, else `$PAGER`, else `less -R`; one set to nothing or to
//! `cat` means none. It is a command line: one without shell syntax is run directly, its
//! words split at white space, one with it by `sh -c`, as git does. `LESS=FRX` is set for
//! it if `LESS` is unset, as git does: less then prints a text shorter than the screen
//! and quits (F), passes colour through (R) and leaves the text on the screen (X).

use std::env;
use std::io::{self, IsTerminal, Write};
use std::process::{Child, Command, Stdio};

use crate::cli::When;

const DEFAULT: &str = "less -R";
/// Characters that make a pager's command line need a shell.
const SHELL_SYNTAX: &[char] =
    &['|', '&', ';', '<', '>', '(', ')', '$', '`', '\\', '"', '\'', '*', '?', '[', '#', '~', '=', '%', '\n'];

/// Writes `text` to `out` (stdout), or through the pager if `paging` asks for one
/// (`auto`: if stdout is a terminal) and one is set. A pager that cannot be started is
/// said in one warning line and `text` written to `out`; one that ends before it has read
/// it all (`q` in less) ends the output normally.
pub fn page(out: &mut impl Write, paging: When, text: &[u8]) -> io::Result<()> {
    let wanted = match paging {
        When::Always => true,
        When::Never => false,
        When::Auto => io::stdout().is_terminal(),
    };
    if let Some(line) = wanted.then(pager).flatten() {
        let through_shell = line.contains(SHELL_SYNTAX);
        match spawn(&line, through_shell) {
            Ok(child) => {
                if feed(child, text, through_shell)? {
                    return Ok(());
                }
                // Else the shell said why it could not run the command.
            }
            Err(e) => eprintln!("jianbao: warning: cannot start the pager `{line}` ({e}); printing directly"),
        }
    }
    out.write_all(text)
}

/// The pager's command line, if one is set.
fn pager() -> Option<String> {
    let set = ["JIANBAO_PAGER", "PAGER"].iter().find_map(|name| env::var(name).ok());
    let line = set.as_deref().unwrap_or(DEFAULT).trim();
    (!line.is_empty() && line != "cat").then(|| line.to_owned())
}

fn spawn(line: &str, through_shell: bool) -> io::Result<Child> {
    let mut command = if through_shell {
        let mut shell = Command::new("sh");
        shell.arg("-c").arg(line);
        shell
    } else {
        let mut words = line.split_whitespace();
        let mut direct = Command::new(words.next().unwrap_or_default());
        direct.args(words);
        direct
    };
    if env::var_os("LESS").is_none() {
        command.env("LESS", "FRX");
    }
    command.stdin(Stdio::piped()).spawn()
}

/// Writes `text` to the pager and waits for it to end. False if the pager was a shell
/// that could not run its command (status 126 or 127): then nothing was shown.
fn feed(mut child: Child, text: &[u8], through_shell: bool) -> io::Result<bool> {
    ignore_interrupts();
    let written = child.stdin.take().map_or(Ok(()), |mut stdin| stdin.write_all(text));
    let status = child.wait()?;
    match written {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(e),
        _ => Ok(!(through_shell && matches!(status.code(), Some(126 | 127)))),
    }
}

/// Leaves Ctrl-C to the pager while it runs: less uses it to stop a search, and were
/// jianbao to end on it, the shell would take the terminal back from a pager still
/// reading it.
fn ignore_interrupts() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: SIG_IGN installs no handler; no other thread changes signal dispositions.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_IGN);
    }
}
