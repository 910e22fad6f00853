//! Harness for replicas sharing state: a real `redis-server` of the test's own (free loopback
//! port, temporary directory, no persistence), N servers pointed at it, and a round-robin HTTP
//! proxy in front of them that sends each request to the next replica, as a load balancer does.
//!
//! Without `redis-server` on PATH these tests are skipped with a note, except under `CI=true`,
//! where its absence fails them.

use super::http::{Server, free_port};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::process::{Child, Command};

/// A redis-server of the test's own, killed when dropped.
pub struct RedisServer {
    child: Option<Child>,
    pub port: u16,
    dir: std::path::PathBuf,
}

impl RedisServer {
    /// Starts one, or `None` (with a note) when redis-server is missing outside CI.
    pub async fn start() -> Option<RedisServer> {
        let found = std::process::Command::new("redis-server")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !found {
            let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
            assert!(
                !ci,
                "CI=true but redis-server is not installed (apt-get install redis-server)"
            );
            eprintln!("note: redis-server is not installed; skipping a test of replicas sharing state");
            return None;
        }
        let port = free_port();
        let dir = std::env::temp_dir().join(format!("mistmcp-redis-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut redis = RedisServer {
            child: None,
            port,
            dir,
        };
        redis.launch().await;
        Some(redis)
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    async fn launch(&mut self) {
        let child = Command::new("redis-server")
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no", "--daemonize", "no"])
            .arg("--dir")
            .arg(&self.dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("redis-server starts");
        self.child = Some(child);
        for _ in 0..200 {
            if tokio::net::TcpStream::connect(("127.0.0.1", self.port))
                .await
                .is_ok()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("redis-server listens in time");
    }

    /// Stops the server: everything it held is lost (no persistence).
    pub async fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().await.ok();
            child.wait().await.ok();
        }
    }

    /// Starts it again on the same port, empty.
    pub async fn restart(&mut self) {
        self.stop().await;
        self.launch().await;
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            child.start_kill().ok();
        }
        std::fs::remove_dir_all(&self.dir).ok();
    }
}

/// A round-robin HTTP proxy: each request goes to the next replica that accepts a connection.
pub struct Proxy {
    pub port: u16,
    /// Requests each backend answered.
    pub served: Arc<Vec<AtomicUsize>>,
    task: tokio::task::JoinHandle<()>,
}

#[derive(Clone)]
struct Backends {
    ports: Arc<Mutex<Vec<u16>>>,
    next: Arc<AtomicUsize>,
    served: Arc<Vec<AtomicUsize>>,
    http: reqwest::Client,
}

impl Proxy {
    pub async fn start(ports: Vec<u16>) -> Proxy {
        let served: Arc<Vec<AtomicUsize>> = Arc::new(ports.iter().map(|_| AtomicUsize::new(0)).collect());
        let backends = Backends {
            ports: Arc::new(Mutex::new(ports)),
            next: Arc::new(AtomicUsize::new(0)),
            served: served.clone(),
            http: reqwest::Client::builder().no_proxy().build().unwrap(),
        };
        let app = axum::Router::new().fallback(forward).with_state(backends);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.ok();
        });
        Proxy { port, served, task }
    }

    pub fn url(&self, path_and_query: &str) -> String {
        format!("http://127.0.0.1:{}{path_and_query}", self.port)
    }

    /// How many requests each replica answered.
    pub fn counts(&self) -> Vec<usize> {
        self.served.iter().map(|c| c.load(Ordering::SeqCst)).collect()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn forward(State(backends): State<Backends>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, 16 << 20).await.unwrap_or_default();
    let ports = backends.ports.lock().unwrap().clone();
    for _ in 0..ports.len() {
        let index = backends.next.fetch_add(1, Ordering::SeqCst) % ports.len();
        let url = format!(
            "http://127.0.0.1:{}{}",
            ports[index],
            parts.uri.path_and_query().map_or("/", |p| p.as_str())
        );
        let mut outgoing = backends
            .http
            .request(parts.method.clone(), url)
            .body(body.clone());
        for (name, value) in &parts.headers {
            if name != http::header::HOST {
                outgoing = outgoing.header(name, value);
            }
        }
        // A replica that refuses the connection is skipped, as a balancer's health check would.
        let Ok(answer) = outgoing.send().await else {
            continue;
        };
        backends.served[index].fetch_add(1, Ordering::SeqCst);
        let mut response = Response::builder().status(answer.status().as_u16());
        for (name, value) in answer.headers() {
            response = response.header(name, value);
        }
        return response
            .body(Body::from_stream(answer.bytes_stream()))
            .unwrap_or_else(|_| http::StatusCode::BAD_GATEWAY.into_response());
    }
    http::StatusCode::BAD_GATEWAY.into_response()
}

/// N replicas of the server sharing one Redis, and the proxy in front of them.
pub struct Cluster {
    pub replicas: Vec<Option<Server>>,
    pub proxy: Proxy,
}

impl Cluster {
    pub async fn start(sim: &mist_sim::RunningSim, redis: &RedisServer, n: usize, extra: &[&str]) -> Cluster {
        let url = redis.url();
        let mut args = vec!["--redis-url", url.as_str()];
        args.extend_from_slice(extra);
        let mut replicas = Vec::new();
        for _ in 0..n {
            replicas.push(Some(Server::against(sim, &args).await));
        }
        let ports = replicas.iter().flatten().map(|s| s.port).collect();
        let proxy = Proxy::start(ports).await;
        Cluster { replicas, proxy }
    }

    pub fn replica(&self, i: usize) -> &Server {
        self.replicas[i].as_ref().expect("replica still running")
    }

    /// Kills replica `i` at once (no graceful shutdown).
    pub async fn kill(&mut self, i: usize) {
        if let Some(mut server) = self.replicas[i].take() {
            server.child.kill().await.ok();
        }
    }
}
