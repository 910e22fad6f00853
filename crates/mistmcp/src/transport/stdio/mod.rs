//! MCP over standard input and output: one client, one session, for the life of the process.
//!
//! Stdout carries protocol messages only; everything else (logs) goes to stderr. The MCP
//! engine does not read stdin itself: a [`relay`] judges each line first ([`intake`]) and
//! passes the well-formed ones on through an in-memory pipe, so malformed input always gets an
//! answer and never ends the session. [`stop`] decides when the process ends.
//!
//! When stdin and stdout are pipes (as when an MCP client spawns the server), they are driven
//! through the runtime's event loop as non-blocking pipes. The portable fallback reads and
//! writes through blocking threads, which costs each message two thread hand-offs and each
//! process a few more threads and allocator arenas.

pub(crate) mod intake;
pub(crate) mod relay;
pub(crate) mod stop;

use crate::server::MistMcpServer;
use futures_util::FutureExt;
use futures_util::future::FusedFuture;
use rmcp::ServiceExt;
use std::os::fd::AsFd;
use std::pin::pin;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::unix::pipe;
use tokio_util::sync::CancellationToken;

/// Room in the in-memory pipe between the relay and the engine, each way, and the size of
/// the pieces the relay copies to stdout: a 64 KB answer crosses in one or two pieces instead
/// of a dozen task switches and pipe writes. The in-memory pipe takes memory as lines need it.
const ENGINE_PIPE: usize = 64 * 1024;

/// How long the engine gets to write its last lines once its input is closed.
const FLUSH_LIMIT: Duration = Duration::from_secs(2);

pub(crate) async fn serve(server: MistMcpServer) -> Result<(), String> {
    match std_pipes() {
        Ok((stdin, stdout, watch)) => run(server, stdin, stdout, Some(watch)).await,
        Err(e) => {
            tracing::debug!("stdio is not a pair of pipes ({e}); using blocking reads and writes");
            run(server, tokio::io::stdin(), tokio::io::stdout(), None).await
        }
    }
}

/// Why the relay stopped reading.
#[derive(Debug)]
enum Stop {
    InputEnded,
    Signal,
    OutputGone,
    EngineEnded,
}

async fn run<R, W>(
    server: MistMcpServer,
    stdin: R,
    stdout: W,
    watch: Option<pipe::Sender>,
) -> Result<(), String>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let (engine_side, relay_side) = tokio::io::duplex(ENGINE_PIPE);
    let mut engine = spawn_engine(server, engine_side);

    let (from_engine, mut to_engine) = tokio::io::split(relay_side);
    let in_flight = stop::InFlight::default();
    let out = relay::Stdout::new(stdout);
    let gone = out.gone().clone();
    let mut pump = pin!(
        relay::pump_out(
            BufReader::with_capacity(ENGINE_PIPE, from_engine),
            &out,
            &in_flight
        )
        .fuse()
    );
    let mut closed = pin!(stop::stdout_closed(watch).fuse());

    let reader = relay::read_in(BufReader::new(stdin), &mut to_engine, &out, &in_flight);
    let stop = {
        tokio::select! {
            r = reader => match r {
                Ok(()) => Stop::InputEnded,
                Err(_) => Stop::EngineEnded,
            },
            () = stop::signal() => Stop::Signal,
            () = gone.cancelled() => Stop::OutputGone,
            () = &mut closed => Stop::OutputGone,
            () = &mut pump => Stop::EngineEnded,
            r = &mut engine => return joined(r),
        }
    };
    tracing::debug!(?stop, in_flight = in_flight.count(), "stdio relay stopping");

    if matches!(stop, Stop::InputEnded | Stop::Signal) {
        drain(&in_flight, &gone, &mut closed, &mut pump).await;
    }
    // Closing the engine's input ends its session; its last lines still reach stdout unless
    // stdout is gone.
    let _ = to_engine.shutdown().await;
    drop(to_engine);
    if matches!(stop, Stop::OutputGone) || gone.is_cancelled() || closed.is_terminated() {
        engine.abort();
        return Ok(());
    }
    flush(stop, engine, &mut pump).await
}

/// Lets the engine end and its last answers reach stdout, for at most the flush limit; the
/// engine's own failure counts only when it is what stopped the relay.
async fn flush<P>(
    stop: Stop,
    engine: tokio::task::JoinHandle<Result<(), String>>,
    pump: &mut P,
) -> Result<(), String>
where
    P: std::future::Future<Output = ()> + FusedFuture + Unpin,
{
    let rest = async {
        if !pump.is_terminated() {
            pump.await;
        }
    };
    match tokio::time::timeout(FLUSH_LIMIT, async { tokio::join!(engine, rest).0 }).await {
        Ok(r) if matches!(stop, Stop::EngineEnded) => joined(r),
        _ => Ok(()),
    }
}

/// The MCP session over one end of an in-process pipe, as its own task, so it keeps answering
/// while the relay waits on a drain.
fn spawn_engine(
    server: MistMcpServer,
    side: tokio::io::DuplexStream,
) -> tokio::task::JoinHandle<Result<(), String>> {
    let (engine_in, engine_out) = tokio::io::split(side);
    tokio::spawn(async move {
        let running = server
            .serve((engine_in, engine_out))
            .await
            .map_err(|e| format!("the MCP session could not begin: {e}"))?;
        let reason = running
            .waiting()
            .await
            .map_err(|e| format!("the stdio session failed: {e}"))?;
        tracing::debug!(?reason, "stdio session ended");
        Ok(())
    })
}

/// Waits, up to the drain limit, for the calls in flight to be answered, unless the output
/// goes away first (then nobody is left to read the answers).
async fn drain<C, P>(in_flight: &stop::InFlight, gone: &CancellationToken, closed: &mut C, pump: &mut P)
where
    C: std::future::Future<Output = ()> + Unpin,
    P: std::future::Future<Output = ()> + Unpin,
{
    let drained = tokio::select! {
        all = in_flight.drained(stop::DRAIN_LIMIT) => all,
        () = gone.cancelled() => true,
        () = closed => true,
        // The engine's answers are what the drain waits for.
        () = pump => true,
    };
    if !drained {
        tracing::warn!(
            left = in_flight.count(),
            "calls still running after {:?}; stopping anyway",
            stop::DRAIN_LIMIT
        );
    }
}

fn joined(r: Result<Result<(), String>, tokio::task::JoinError>) -> Result<(), String> {
    r.map_err(|e| format!("the stdio session stopped unexpectedly: {e}"))?
}

/// Stdin and stdout as non-blocking pipes, and a second handle on stdout to watch for its
/// reader going away.
fn std_pipes() -> std::io::Result<(pipe::Receiver, pipe::Sender, pipe::Sender)> {
    let input = std::io::stdin().as_fd().try_clone_to_owned()?;
    let output = std::io::stdout().as_fd().try_clone_to_owned()?;
    let watch = output.try_clone()?;
    Ok((
        pipe::Receiver::from_owned_fd(input)?,
        pipe::Sender::from_owned_fd(output)?,
        pipe::Sender::from_owned_fd(watch)?,
    ))
}
