//! The line relay between the real stdin/stdout and the MCP engine.
//!
//! ```text
//!  stdin ──lines──▶ intake ──well-formed──▶ engine (in-memory pipe)
//!                     │                        │
//!                     └──errors──▶ stdout ◀────┘ answers
//! ```
//!
//! One writer owns stdout and writes whole lines, so the intake's own answers never
//! interleave with the engine's; the engine's lines are streamed through, not held, so a
//! large answer costs no extra copy. Requests passed on are tracked until answered, which
//! lets a stop wait for them.

use super::intake::{Intake, Verdict};
use super::stop::InFlight;
use serde_json::Value;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::Mutex;
use tokio_util::sync::CancellationToken;

/// Longest line kept; the rest of a longer one is skipped and answered with a parse error.
/// The engine applies the same bound.
pub(crate) const MAX_LINE: usize = 16 * 1024 * 1024;

/// How much of the start of an engine line is kept to read its `id`.
const HEAD: usize = 512;

/// The one writer of stdout: whole lines, one at a time.
pub(crate) struct Stdout<W> {
    writer: Mutex<W>,
    gone: CancellationToken,
}

impl<W: AsyncWrite + Unpin> Stdout<W> {
    pub(crate) fn new(writer: W) -> Self {
        Self {
            writer: Mutex::new(writer),
            gone: CancellationToken::new(),
        }
    }

    /// Cancelled when a write fails: stdout is gone.
    pub(crate) fn gone(&self) -> &CancellationToken {
        &self.gone
    }

    /// Writes `line` and a newline as one piece.
    async fn line(&self, line: &[u8]) {
        let mut writer = self.writer.lock().await;
        let written = async {
            writer.write_all(line).await?;
            writer.write_all(b"\n").await?;
            writer.flush().await
        };
        if written.await.is_err() {
            self.gone.cancel();
        }
    }
}

/// Reads client lines until stdin ends, answering bad ones and passing the rest to `engine`.
/// Returns when stdin ends; an error means the engine is gone.
pub(crate) async fn read_in<R, E, W>(
    mut stdin: R,
    engine: &mut E,
    out: &Stdout<W>,
    in_flight: &InFlight,
) -> std::io::Result<()>
where
    R: AsyncBufRead + Unpin,
    E: AsyncWrite + Unpin,
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
                out.line(answer.to_string().as_bytes()).await;
            }
            Verdict::Ignore(reason) => tracing::debug!(reason, "ignored a stdio message"),
        }
    }
}

/// Copies the engine's lines to stdout as they come, a whole line under the writer's lock,
/// without holding a line in memory, and marks answered requests once their answer is out.
/// Returns when the engine's output ends or stdout is gone.
pub(crate) async fn pump_out<R, W>(mut engine: R, out: &Stdout<W>, in_flight: &InFlight)
where
    R: AsyncBufRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut head = Vec::with_capacity(HEAD);
    loop {
        // Wait for a line to begin before taking the lock, so answers of the intake are not
        // held up by an idle engine.
        match engine.fill_buf().await {
            Ok([]) | Err(_) => return,
            Ok(_) => {}
        }
        head.clear();
        let mut writer = out.writer.lock().await;
        loop {
            let available = match engine.fill_buf().await {
                Ok([]) | Err(_) => return,
                Ok(available) => available,
            };
            let newline = available.iter().position(|b| *b == b'\n');
            let take = newline.map_or(available.len(), |i| i + 1);
            let keep = take.min(HEAD - head.len());
            head.extend_from_slice(&available[..keep]);
            if writer.write_all(&available[..take]).await.is_err() {
                out.gone.cancel();
                return;
            }
            engine.consume(take);
            if newline.is_some() {
                break;
            }
        }
        if writer.flush().await.is_err() {
            out.gone.cancel();
            return;
        }
        drop(writer);
        if let Some(id) = answered_id(&head) {
            in_flight.leave(&id);
        }
    }
}

/// The `id` of a response or error, read from the start of the engine's line, keyed as
/// [`Verdict::Forward`] keys it. The engine writes `jsonrpc`, then `id`, then `result` or
/// `error` (a test below holds it to that); requests it sends name a `method` there instead.
fn answered_id(head: &[u8]) -> Option<String> {
    let rest = head.strip_prefix(br#"{"jsonrpc":"2.0","id":"#)?;
    let mut values = serde_json::Deserializer::from_slice(rest).into_iter::<Value>();
    let id = values.next()?.ok()?;
    let after = &rest[values.byte_offset()..];
    (after.starts_with(br#","result""#) || after.starts_with(br#","error""#)).then(|| id.to_string())
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
    fn the_engine_writes_the_id_before_the_result() {
        use rmcp::model::{EmptyResult, ErrorData, NumberOrString, ServerJsonRpcMessage, ServerResult};
        let ok = ServerJsonRpcMessage::response(
            ServerResult::EmptyResult(EmptyResult {}),
            NumberOrString::Number(7),
        );
        let line = serde_json::to_vec(&ok).unwrap();
        assert_eq!(answered_id(&line), Some("7".into()));
        let failed = ServerJsonRpcMessage::error(
            ErrorData::invalid_params("x", None),
            Some(NumberOrString::String("a".into())),
        );
        let line = serde_json::to_vec(&failed).unwrap();
        assert_eq!(answered_id(&line), Some("\"a\"".into()));
    }

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
