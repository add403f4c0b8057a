//! A page in the distribution's headless Chromium, driven over the Chrome DevTools Protocol:
//! what its console said, what it tried to fetch, what it shows, and a screenshot.
//!
//! Why the protocol over `--remote-debugging-pipe`: Chromium's one-shot flags (`--dump-dom`,
//! `--screenshot`, `--enable-logging=stderr`) need a run each, cannot list the requests a
//! page attempts, and cannot click a column heading; the protocol gives all of that in one
//! run. The pipe (fds 3 and 4, one JSON message per NUL) needs no port, no websocket and so
//! no new crate (`libc`, already here, sets up the fds), and no other process can connect to
//! it. `--host-resolver-rules` maps every host name to nowhere, so a page could reach only
//! an IP literal even if it tried.
//!
//! `render_in_chromium(path)` is the one call most tests need; `ChromiumPage` is for tests
//! that also interact through `evaluate`. Chromium is `$CHROMIUM`, else `chromium` (or
//! `chromium-browser`) on the PATH, as `.ci/install-test-tools` installs it.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::{FromRawFd, OwnedFd, RawFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};

use serde_json::{json, Value};
use tempfile::TempDir;

use crate::common::HANG_BUDGET;

/// The viewport every page is rendered in, so screenshots have a known size.
pub const VIEWPORT: (u32, u32) = (1280, 900);

/// What a page did in Chromium.
#[derive(Debug)]
pub struct ChromiumRun {
    /// Console calls at error level, uncaught exceptions and the browser's own errors
    /// (Content-Security-Policy violations and failed loads among them), one line each.
    pub console_errors: Vec<String>,
    /// Every URL the page asked for besides itself, whether or not it was let through.
    pub requests: Vec<String>,
    /// The page's rendered text (`document.body.innerText`) after its script ran.
    pub text: String,
    /// Messages of the `alert`, `confirm` and `prompt` dialogs the page opened.
    pub dialogs: Vec<String>,
    /// A PNG of the viewport, beside the page (`.png` for `.html`).
    pub screenshot_png_path: PathBuf,
}

/// Loads `html_path` in headless Chromium, lets its script run, and reports what happened.
pub fn render_in_chromium(html_path: &Path) -> ChromiumRun {
    ChromiumPage::open(html_path).finish()
}

/// One Chromium process with one page loaded; ended when dropped.
pub struct ChromiumPage {
    browser: Browser,
    session: String,
    page_url: String,
    screenshot_png_path: PathBuf,
    console_errors: Vec<String>,
    requests: Vec<String>,
    dialogs: Vec<String>,
    is_loaded: bool,
}

impl ChromiumPage {
    /// Starts Chromium and loads `html_path`, returning once its load event fired (so after
    /// its scripts ran).
    pub fn open(html_path: &Path) -> Self {
        Self::open_with(html_path, true)
    }

    /// Like `open`, with the page's own scripts off: what a reader who blocks script sees.
    /// (`evaluate` still works.)
    pub fn open_without_script(html_path: &Path) -> Self {
        Self::open_with(html_path, false)
    }

    fn open_with(html_path: &Path, is_script_enabled: bool) -> Self {
        let html_path = html_path.canonicalize().expect("the page exists");
        let page_url = url::Url::from_file_path(&html_path)
            .expect("an absolute path")
            .to_string();
        let mut browser = Browser::start();
        let target = browser.call("Target.createTarget", json!({ "url": "about:blank" }));
        let attached = browser.call(
            "Target.attachToTarget",
            json!({ "targetId": target["targetId"], "flatten": true }),
        );
        let session = attached["sessionId"]
            .as_str()
            .expect("a session")
            .to_string();
        let mut page = ChromiumPage {
            browser,
            session,
            page_url,
            screenshot_png_path: html_path.with_extension("png"),
            console_errors: Vec::new(),
            requests: Vec::new(),
            dialogs: Vec::new(),
            is_loaded: false,
        };
        for domain in [
            "Page.enable",
            "Runtime.enable",
            "Log.enable",
            "Network.enable",
        ] {
            page.call(domain, json!({}));
        }
        page.set_viewport(VIEWPORT.0, VIEWPORT.1);
        if !is_script_enabled {
            page.call(
                "Emulation.setScriptExecutionDisabled",
                json!({ "value": true }),
            );
        }
        page.call("Page.navigate", json!({ "url": page.page_url }));
        page.wait_for_load();
        page
    }

    /// Runs `expression` in the page (after its own script) and returns its value.
    pub fn evaluate(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
        );
        if let Some(exception) = result.get("exceptionDetails") {
            panic!("{expression} threw: {exception}");
        }
        result["result"]["value"].clone()
    }

    /// Sets the viewport (CSS pixels at scale 1), and so the screenshot's size.
    pub fn set_viewport(&mut self, width: u32, height: u32) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
        );
    }

    /// Writes a PNG of the viewport to `path`.
    pub fn screenshot(&mut self, path: &Path) {
        let shot = self.call("Page.captureScreenshot", json!({ "format": "png" }));
        let encoded = shot["data"].as_str().expect("screenshot data");
        let png = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, encoded)
            .expect("base64");
        std::fs::write(path, png).expect("write the screenshot");
    }

    /// Takes the rendered text and the screenshot, closes Chromium, and reports.
    pub fn finish(mut self) -> ChromiumRun {
        let text = self.evaluate("document.body.innerText");
        let screenshot_png_path = self.screenshot_png_path.clone();
        self.screenshot(&screenshot_png_path);
        // Messages still on their way arrive before the answer to a last call.
        self.call("Runtime.evaluate", json!({ "expression": "0" }));
        ChromiumRun {
            console_errors: std::mem::take(&mut self.console_errors),
            requests: std::mem::take(&mut self.requests),
            text: text.as_str().unwrap_or_default().to_string(),
            dialogs: std::mem::take(&mut self.dialogs),
            screenshot_png_path,
        }
    }

    /// Calls `method` in the page's session, noting every event that arrives meanwhile.
    fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.browser.send(Some(&self.session), method, params);
        loop {
            let message = self.browser.next_message(method);
            if message["id"] == id {
                return answer(method, message);
            }
            self.note(&message);
        }
    }

    /// Waits for the page's load event (which may come before the answer to the navigation),
    /// noting every other event meanwhile.
    fn wait_for_load(&mut self) {
        while !self.is_loaded {
            let message = self.browser.next_message("Page.loadEventFired");
            self.note(&message);
        }
    }

    /// Records what `event` says about the page: errors, requests, dialogs, its load.
    fn note(&mut self, event: &Value) {
        let params = &event["params"];
        match event["method"].as_str().unwrap_or_default() {
            "Runtime.consoleAPICalled"
                if matches!(params["type"].as_str(), Some("error" | "assert")) =>
            {
                let args: Vec<String> = params["args"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|a| {
                        a["value"]
                            .as_str()
                            .map_or_else(|| a["description"].to_string(), String::from)
                    })
                    .collect();
                self.console_errors
                    .push(format!("console.error: {}", args.join(" ")));
            }
            "Runtime.exceptionThrown" => {
                let details = &params["exceptionDetails"];
                self.console_errors.push(format!(
                    "uncaught: {} {}",
                    details["text"], details["exception"]["description"]
                ));
            }
            "Log.entryAdded" if params["entry"]["level"] == "error" => {
                let entry = &params["entry"];
                self.console_errors.push(format!(
                    "{}: {} {}",
                    entry["source"].as_str().unwrap_or("log"),
                    entry["text"].as_str().unwrap_or_default(),
                    entry["url"].as_str().unwrap_or_default()
                ));
            }
            "Page.loadEventFired" if event["sessionId"] == self.session.as_str() => {
                self.is_loaded = true;
            }
            "Network.requestWillBeSent" => {
                let url = params["request"]["url"].as_str().unwrap_or_default();
                if url != self.page_url {
                    self.requests.push(url.to_string());
                }
            }
            "Page.javascriptDialogOpening" => {
                self.dialogs
                    .push(params["message"].as_str().unwrap_or_default().to_string());
                // A dialog left open blocks the page's script, and so every later call.
                let session = self.session.clone();
                self.browser.send(
                    Some(&session),
                    "Page.handleJavaScriptDialog",
                    json!({ "accept": true }),
                );
            }
            _ => {}
        }
    }
}

/// The `result` of an answer, or a panic naming the call that failed.
fn answer(method: &str, message: Value) -> Value {
    if let Some(error) = message.get("error") {
        panic!("{method} failed: {error}");
    }
    message["result"].clone()
}

/// The Chromium process and its protocol pipe.
struct Browser {
    child: Child,
    to_browser: File,
    messages: Receiver<Value>,
    next_id: u64,
    profile: TempDir,
}

impl Browser {
    fn start() -> Self {
        let profile = tempfile::tempdir().expect("profile dir");
        let (to_browser_read, to_browser) = cloexec_pipe();
        let (from_browser, from_browser_write) = cloexec_pipe();
        let stderr = File::create(profile.path().join("stderr.log")).expect("stderr log");
        let mut command = Command::new(chromium());
        command
            .args([
                "--headless",
                // CI runs as root, where Chromium's sandbox cannot start.
                "--no-sandbox",
                "--remote-debugging-pipe",
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-default-apps",
                "--disable-extensions",
                "--disable-gpu",
                "--disable-sync",
                "--hide-scrollbars",
                "--mute-audio",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr);
        let (read_fd, write_fd) = (raw(&to_browser_read), raw(&from_browser_write));
        // SAFETY: between fork and exec the closure only calls dup2, which is
        // async-signal-safe; both fds are 10 or above, so neither is overwritten before it
        // is copied. dup2 clears close-on-exec on the copies, which Chromium then inherits.
        unsafe {
            command.pre_exec(move || {
                for (from, to) in [(read_fd, 3), (write_fd, 4)] {
                    if libc::dup2(from, to) == -1 {
                        return Err(std::io::Error::last_os_error());
                    }
                }
                Ok(())
            });
        }
        let child = command
            .spawn()
            .expect("start chromium (see .ci/install-test-tools)");
        // Our copies of Chromium's ends must close, or its exit would never end our reads.
        drop((to_browser_read, from_browser_write));
        Browser {
            child,
            to_browser: File::from(to_browser),
            messages: read_messages(File::from(from_browser)),
            next_id: 0,
            profile,
        }
    }

    /// Sends a call; returns its id.
    fn send(&mut self, session: Option<&str>, method: &str, params: Value) -> u64 {
        self.next_id += 1;
        let mut message = json!({ "id": self.next_id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        if let Err(e) = self.write_message(&message) {
            self.fail(&format!("send {method}: {e}"));
        }
        self.next_id
    }

    fn write_message(&mut self, message: &Value) -> std::io::Result<()> {
        let mut bytes = message.to_string().into_bytes();
        bytes.push(0);
        self.to_browser.write_all(&bytes)
    }

    /// A browser-level call (no session), events before its answer dropped.
    fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.send(None, method, params);
        loop {
            let message = self.next_message(method);
            if message["id"] == id {
                return answer(method, message);
            }
        }
    }

    /// The next message, within the hang budget (a guard against a stuck browser, not a
    /// measure of speed).
    fn next_message(&mut self, waiting_for: &str) -> Value {
        match self.messages.recv_timeout(HANG_BUDGET) {
            Ok(message) => message,
            Err(e) => self.fail(&format!("waiting for {waiting_for}: {e}")),
        }
    }

    fn fail(&mut self, what: &str) -> ! {
        let _ = self.child.kill();
        let log =
            std::fs::read_to_string(self.profile.path().join("stderr.log")).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(20).collect();
        panic!(
            "chromium: {what}\nits stderr ends:\n{}",
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        );
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Ask nicely, then make sure: the profile directory goes away with `profile`.
        let close = json!({ "id": 0, "method": "Browser.close" });
        let _ = self.write_message(&close);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while std::time::Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Chromium's messages, one JSON value each, read on a thread until the pipe closes.
fn read_messages(pipe: File) -> Receiver<Value> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(pipe);
        let mut buffer = Vec::new();
        loop {
            buffer.clear();
            match reader.read_until(0, &mut buffer) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let json = buffer.strip_suffix(&[0]).unwrap_or(&buffer);
            let Ok(message) = serde_json::from_slice::<Value>(json) else {
                continue;
            };
            if sender.send(message).is_err() {
                return;
            }
        }
    });
    receiver
}

/// A pipe whose two ends are close-on-exec and numbered 10 or above (see `Browser::start`).
fn cloexec_pipe() -> (OwnedFd, OwnedFd) {
    let mut fds: [RawFd; 2] = [-1, -1];
    // SAFETY: `fds` has room for the two fds pipe2 writes.
    let made = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) };
    assert_eq!(made, 0, "pipe2: {}", std::io::Error::last_os_error());
    let high = |fd: RawFd| {
        // SAFETY: fd was just made by pipe2 and is owned here alone; it is closed once its
        // copy exists.
        unsafe {
            let copy = libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 10);
            assert!(copy >= 10, "fcntl: {}", std::io::Error::last_os_error());
            libc::close(fd);
            OwnedFd::from_raw_fd(copy)
        }
    };
    (high(fds[0]), high(fds[1]))
}

fn raw(fd: &OwnedFd) -> RawFd {
    std::os::fd::AsRawFd::as_raw_fd(fd)
}

/// `$CHROMIUM`, else the first of the distribution's names found on the PATH.
fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return PathBuf::from(path);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    ["chromium", "chromium-browser"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| panic!("no chromium on the PATH: run .ci/install-test-tools"))
}

/// The width and height of a PNG, read from its header (signature, then the IHDR chunk).
pub fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if png.len() < 24 || !png.starts_with(SIGNATURE) || &png[12..16] != b"IHDR" {
        return None;
    }
    let number = |at: usize| u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]);
    Some((number(16), number(20)))
}
