//! The line relay between the real stdin/stdout and the MCP engine.
//!
//! ```text
//!  stdin ──lines──▶ intake ──well-formed──▶ engine (in-memory pipe)
//!                     │                        │
//!                     └──errors──▶ stdout ◀────┘ answers
//! ```
//!
//! One writer owns stdout and writes whole lines, so the intake's own answers never
//! interleave with the engine's. Requests passed on are tracked until answered, which lets a
//! stop wait for them.

use super::intake::{Intake, Verdict};
use super::stop::InFlight;
use serde_json::Value;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;

/// Longest line kept; the rest of a longer one is skipped and answered with a parse error.
/// The engine applies the same bound.
pub const MAX_LINE: usize = 16 * 1024 * 1024;

/// How many outgoing lines may wait for stdout before producers wait in turn.
const OUT_QUEUE: usize = 64;

/// Lines bound for stdout.
pub type Outbox = mpsc::Sender<Vec<u8>>;

pub fn outbox() -> (Outbox, mpsc::Receiver<Vec<u8>>) {
    mpsc::channel(OUT_QUEUE)
}

/// Writes each queued line to `stdout` until the queue closes; an error means stdout is gone.
pub async fn write_out<W: AsyncWrite + Unpin>(
    mut lines: mpsc::Receiver<Vec<u8>>,
    mut stdout: W,
) -> std::io::Result<()> {
    while let Some(line) = lines.recv().await {
        stdout.write_all(&line).await?;
        stdout.flush().await?;
    }
    Ok(())
}

/// Reads client lines until stdin ends, answering bad ones and passing the rest to `engine`.
/// Returns when stdin ends; an error means the engine is gone.
pub async fn read_in<R, W>(
    mut stdin: R,
    engine: &mut W,
    out: &Outbox,
    in_flight: &InFlight,
) -> std::io::Result<()>
where
    R: AsyncBufRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut intake = Intake::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        let verdict = match read_line(&mut stdin, &mut line).await? {
            Line::End => return Ok(()),
            Line::Oversized => Intake::oversized(MAX_LINE),
            Line::Whole => intake.judge(trim_newline(&line)),
        };
        match verdict {
            Verdict::Forward { request, cancels } => {
                if let Some(id) = request {
                    in_flight.enter(id);
                }
                if let Some(id) = cancels {
                    in_flight.leave(&id);
                }
                if !line.ends_with(b"\n") {
                    line.push(b'\n');
                }
                engine.write_all(&line).await?;
                engine.flush().await?;
            }
            Verdict::Answer(answer) => {
                tracing::debug!(
                    code = answer["error"]["code"].as_i64(),
                    message = answer["error"]["message"].as_str(),
                    "refused a stdio message"
                );
                if out.send(to_line(&answer)).await.is_err() {
                    return Ok(());
                }
            }
            Verdict::Ignore(reason) => tracing::debug!(reason, "ignored a stdio message"),
        }
    }
}

/// Copies the engine's lines to the outbox, marking answered requests. Returns when the
/// engine's output ends.
pub async fn pump_out<R: AsyncBufRead + Unpin>(mut engine: R, out: Outbox, in_flight: InFlight) {
    let mut line = Vec::new();
    loop {
        line.clear();
        match engine.read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        if let Some(id) = answered_id(&line) {
            in_flight.leave(&id);
        }
        if out.send(std::mem::take(&mut line)).await.is_err() {
            return;
        }
    }
}

/// The `id` of a response or error the engine wrote, as [`Verdict::Forward`] keys it.
fn answered_id(line: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Head {
        id: Option<Value>,
        method: Option<serde::de::IgnoredAny>,
    }
    let head: Head = serde_json::from_slice(line).ok()?;
    match head {
        Head {
            id: Some(id),
            method: None,
        } => Some(id.to_string()),
        _ => None,
    }
}

fn to_line(value: &Value) -> Vec<u8> {
    let mut line = value.to_string().into_bytes();
    line.push(b'\n');
    line
}

fn trim_newline(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\n").unwrap_or(line)
}

enum Line {
    Whole,
    Oversized,
    End,
}

/// Reads one line into `buf` without letting it grow past [`MAX_LINE`]; a longer line is
/// consumed to its end and reported as oversized. A last line without `\n` counts as whole.
async fn read_line<R: AsyncBufRead + Unpin>(reader: &mut R, buf: &mut Vec<u8>) -> std::io::Result<Line> {
    let mut oversized = false;
    loop {
        let available = reader.fill_buf().await?;
        if available.is_empty() {
            return Ok(match (oversized, buf.is_empty()) {
                (true, _) => Line::Oversized,
                (false, true) => Line::End,
                (false, false) => Line::Whole,
            });
        }
        let newline = available.iter().position(|b| *b == b'\n');
        let take = newline.map_or(available.len(), |i| i + 1);
        if !oversized && buf.len() + take > MAX_LINE {
            oversized = true;
            buf.clear();
            buf.shrink_to(64 * 1024);
        }
        if !oversized {
            buf.extend_from_slice(&available[..take]);
        }
        reader.consume(take);
        if newline.is_some() {
            return Ok(if oversized { Line::Oversized } else { Line::Whole });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_and_errors_are_matched_by_id_but_requests_are_not() {
        assert_eq!(
            answered_id(br#"{"jsonrpc":"2.0","id":7,"result":{}}"#),
            Some("7".into())
        );
        assert_eq!(
            answered_id(br#"{"jsonrpc":"2.0","id":"x","error":{"code":1,"message":"m"}}"#),
            Some("\"x\"".into())
        );
        assert_eq!(
            answered_id(br#"{"jsonrpc":"2.0","id":1,"method":"roots/list"}"#),
            None
        );
        assert_eq!(
            answered_id(br#"{"jsonrpc":"2.0","method":"notifications/progress"}"#),
            None
        );
    }

    #[tokio::test]
    async fn a_line_past_the_limit_is_skipped_to_its_end() {
        let mut input = vec![b'x'; MAX_LINE + 10];
        input.extend_from_slice(b"\n{}\n");
        let mut reader = tokio::io::BufReader::new(&input[..]);
        let mut buf = Vec::new();
        assert!(matches!(
            read_line(&mut reader, &mut buf).await.unwrap(),
            Line::Oversized
        ));
        buf.clear();
        assert!(matches!(
            read_line(&mut reader, &mut buf).await.unwrap(),
            Line::Whole
        ));
        assert_eq!(buf, b"{}\n");
        buf.clear();
        assert!(matches!(
            read_line(&mut reader, &mut buf).await.unwrap(),
            Line::End
        ));
    }
}
