public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `close(2)`, under a name the browser's own `shutDown()` cannot shadow.
private func closeDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
}

/// A failure talking to Chromium, with what it was doing.
public struct ChromiumError: Error, CustomStringConvertible {
    public let description: String

    public init(description: String) { self.description = description }
}

/// A headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`:
/// it reads commands on fd 3 and writes replies and events on fd 4, each message JSON ending
/// in a NUL byte). No port is opened, so parallel runs cannot collide, and everything is
/// bounded by one deadline: past it the browser's whole process group is killed.
///
/// Events arrive between replies; they are kept in ``events`` in order, so a test can check
/// afterwards what the page asked for (`Network.requestWillBeSent`) and said
/// (`Runtime.consoleAPICalled`, `Runtime.exceptionThrown`, `Log.entryAdded`).
public final class HeadlessChromium {
    /// Where the browser is: `SAFEGRID_CHROMIUM`, else Debian's `/usr/bin/chromium`.
    public static var executable: String {
        ProcessInfo.processInfo.environment["SAFEGRID_CHROMIUM"] ?? "/usr/bin/chromium"
    }

    /// Every event received so far, in order.
    public private(set) var events: [[String: Any]] = []
    /// The browser's own log (its stdout and stderr), for failure messages.
    public let logFile: URL

    private let processID: pid_t
    private let commands: Int32
    private let replies: Int32
    private let deadline: Date
    private let profile: URL
    private var received: [UInt8] = []
    private var nextID = 0
    private var exited = false

    /// Starts the browser; `timeout` bounds everything this instance will do.
    public init(timeout: TimeInterval) throws {
        deadline = Date().addingTimeInterval(timeout)
        let executable = Self.executable
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw ChromiumError(description: "Chromium is not installed at \(executable): install Debian's `chromium` package (apt-get install chromium) or set SAFEGRID_CHROMIUM to a Chromium binary")
        }
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("safegrid-chromium-\(UUID().uuidString)")
        profile = base.appendingPathComponent("profile")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        logFile = base.appendingPathComponent("chromium.log")

        // Pipes whose child ends sit above fd 4, so the dup2 onto 3 and 4 always happens (and
        // so clears close-on-exec); our ends stay close-on-exec.
        func pipePair() throws -> (read: Int32, write: Int32) {
            var fds: [Int32] = [-1, -1]
            guard pipe(&fds) == 0 else { throw ChromiumError(description: "pipe failed: errno \(errno)") }
            var moved: [Int32] = []
            for fd in fds {
                let high = fcntl(fd, F_DUPFD_CLOEXEC, 10)
                closeDescriptor(fd)
                guard high >= 0 else { throw ChromiumError(description: "fcntl failed: errno \(errno)") }
                moved.append(high)
            }
            return (moved[0], moved[1])
        }
        let toBrowser = try pipePair()
        let fromBrowser = try pipePair()

        let arguments = [
            executable, "--headless", "--remote-debugging-pipe", "--user-data-dir=\(profile.path)",
            // Root (as in CI containers) cannot use Chromium's sandbox; the page runs no script anyway.
            "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-default-apps", "--mute-audio", "--hide-scrollbars", "--force-device-scale-factor=1",
            "--window-size=1200,1600", "about:blank",
        ]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toBrowser.read, 3)
        posix_spawn_file_actions_adddup2(&actions, fromBrowser.write, 4)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A process group of its own, so a timeout can end the browser with its helpers.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        let argv = arguments.map { strdup($0) } + [nil]
        let environment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in environment { free(pointer) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, environment)
        closeDescriptor(toBrowser.read)
        closeDescriptor(fromBrowser.write)
        guard status == 0 else {
            closeDescriptor(toBrowser.write)
            closeDescriptor(fromBrowser.read)
            throw ChromiumError(description: "could not start \(executable): posix_spawn error \(status)")
        }
        processID = pid
        commands = toBrowser.write
        replies = fromBrowser.read
        // A browser that dies mid-write must fail the test, not kill the test process.
        signal(SIGPIPE, SIG_IGN)
    }

    deinit {
        shutDown()
        // The profile and the log live in one folder of their own.
        try? FileManager.default.removeItem(at: profile.deletingLastPathComponent())
    }

    /// Sends a command and waits for its reply; returns the reply's `result`.
    @discardableResult
    public func send(_ method: String, _ parameters: [String: Any] = [:], session: String? = nil) throws -> [String: Any] {
        nextID += 1
        let id = nextID
        var message: [String: Any] = ["id": id, "method": method, "params": parameters]
        if let session { message["sessionId"] = session }
        var bytes = [UInt8](try JSONSerialization.data(withJSONObject: message, options: [.sortedKeys]))
        bytes.append(0)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(commands, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw ChromiumError(description: "\(method): the browser closed its pipe (errno \(errno)); \(logTail())") }
            offset += written
        }
        while true {
            let reply = try nextMessage(waitingFor: method)
            if reply["method"] != nil {
                events.append(reply)
                continue
            }
            guard (reply["id"] as? Int) == id else { continue }
            if let error = reply["error"] as? [String: Any] {
                throw ChromiumError(description: "\(method) failed: \(error)")
            }
            return reply["result"] as? [String: Any] ?? [:]
        }
    }

    /// Waits for an event (one already received from index `after` on counts); returns its `params`.
    @discardableResult
    public func waitForEvent(_ method: String, session: String? = nil, after: Int = 0) throws -> [String: Any] {
        func matches(_ event: [String: Any]) -> Bool {
            (event["method"] as? String) == method && (session == nil || (event["sessionId"] as? String) == session)
        }
        if let event = events[min(after, events.count)...].first(where: matches) { return event["params"] as? [String: Any] ?? [:] }
        while true {
            let message = try nextMessage(waitingFor: method)
            guard message["method"] != nil else { continue }
            events.append(message)
            if matches(message) { return message["params"] as? [String: Any] ?? [:] }
        }
    }

    /// The events of one method, their `params`, in order.
    public func events(_ method: String) -> [[String: Any]] {
        events.filter { ($0["method"] as? String) == method }.map { $0["params"] as? [String: Any] ?? [:] }
    }

    /// Asks the browser to close and waits for it; kills its process group if it does not
    /// go in time.
    public func shutDown() {
        guard !exited else { return }
        if Date() < deadline {
            nextID += 1
            if let data = try? JSONSerialization.data(withJSONObject: ["id": nextID, "method": "Browser.close"]) {
                let bytes = [UInt8](data) + [0]
                _ = bytes.withUnsafeBytes { write(commands, $0.baseAddress, $0.count) }
            }
        }
        let graceEnds = min(deadline, Date().addingTimeInterval(5))
        var status: Int32 = 0
        while waitpid(processID, &status, WNOHANG) == 0 {
            if Date() >= graceEnds {
                kill(-processID, SIGKILL)
                _ = waitpid(processID, &status, 0)
                break
            }
            usleep(20_000)
        }
        // Helpers (zygote, renderer) outlive the browser briefly; give them a moment, then end
        // whatever is left of the group this instance started, so no process and no open log
        // outlives the test.
        let helpersEnd = Date().addingTimeInterval(2)
        while groupHasLiveMembers() && Date() < helpersEnd { usleep(20_000) }
        if groupHasLiveMembers() { kill(-processID, SIGKILL) }
        exited = true
        closeDescriptor(commands)
        closeDescriptor(replies)
    }

    /// Whether a process of the browser's group is still running (zombies, which only their
    /// parent can reap, do not count). Reads /proc; where there is none, says no.
    private func groupHasLiveMembers() -> Bool {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return false }
        for entry in entries where entry.allSatisfy(\.isNumber) {
            guard let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let commandEnd = stat.range(of: ")", options: .backwards) else { continue }
            // After "pid (command) ": state, parent, process group.
            let fields = stat[commandEnd.upperBound...].split(separator: " ")
            if fields.count > 2, Int32(fields[2]) == processID, fields[0] != "Z" { return true }
        }
        return false
    }

    /// The last lines of the browser's log, for failure messages.
    public func logTail() -> String {
        let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        return "chromium log: " + text.split(separator: "\n").suffix(8).joined(separator: " | ")
    }

    private func nextMessage(waitingFor what: String) throws -> [String: Any] {
        while true {
            if let end = received.firstIndex(of: 0) {
                let message = Array(received[..<end])
                received.removeSubrange(...end)
                guard let object = try JSONSerialization.jsonObject(with: Data(message)) as? [String: Any] else { continue }
                return object
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else {
                kill(-processID, SIGKILL)
                throw ChromiumError(description: "timed out waiting for \(what); \(logTail())")
            }
            var poller = pollfd(fd: replies, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(remaining * 1000, 1000)))
            if ready < 0 && errno != EINTR { throw ChromiumError(description: "poll failed: errno \(errno)") }
            guard ready > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let count = chunk.withUnsafeMutableBytes { read(replies, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw ChromiumError(description: "the browser closed its pipe while waiting for \(what); \(logTail())") }
            received.append(contentsOf: chunk[..<count])
        }
    }
}

extension HeadlessChromium {
    /// What one page did and showed.
    public struct PageVisit {
        /// The value of each expression evaluated after load (JSON text).
        public var values: [String]
        /// A PNG of the whole page.
        public var screenshot: Data
        /// URLs the page requested, the document itself excepted.
        public var requests: [String]
        /// Console errors, uncaught exceptions, error log entries, dialogs.
        public var problems: [String]
        /// The page printed to PDF with its own `@page` size, when asked for.
        public var pdf: Data?
    }

    /// Opens a file in a new tab, waits for it to load, evaluates each expression (each must
    /// return a string), takes a full-page screenshot, and reports what the page requested
    /// and complained about. With `printing`, also prints it to PDF; with `browserHeaderFooter`,
    /// asking for the browser's own header and footer (date, title, URL, page), as Chromium's
    /// print dialog and `--print-to-pdf` do unless told not to.
    public func visit(
        _ file: URL, width: Int = 1200, evaluating expressions: [String], printing: Bool = false, browserHeaderFooter: Bool = false
    ) throws -> PageVisit {
        let target = try send("Target.createTarget", ["url": "about:blank"])
        guard let targetID = target["targetId"] as? String else { throw ChromiumError(description: "no target id in \(target)") }
        let attached = try send("Target.attachToTarget", ["targetId": targetID, "flatten": true])
        guard let session = attached["sessionId"] as? String else { throw ChromiumError(description: "no session id in \(attached)") }
        for domain in ["Page", "Runtime", "Network", "Log"] { try send("\(domain).enable", session: session) }
        try send("Emulation.setDeviceMetricsOverride", ["width": width, "height": 1000, "deviceScaleFactor": 1, "mobile": false], session: session)
        let firstEvent = events.count
        try send("Page.navigate", ["url": file.absoluteString], session: session)
        try waitForEvent("Page.loadEventFired", session: session)

        var values: [String] = []
        for expression in expressions {
            let result = try send("Runtime.evaluate", ["expression": expression, "returnByValue": true], session: session)
            if let exception = result["exceptionDetails"] { throw ChromiumError(description: "evaluating \(expression) threw \(exception)") }
            guard let value = (result["result"] as? [String: Any])?["value"] as? String else {
                throw ChromiumError(description: "\(expression) gave no string: \(result)")
            }
            values.append(value)
        }

        let metrics = try send("Page.getLayoutMetrics", session: session)
        let size = (metrics["cssContentSize"] ?? metrics["contentSize"]) as? [String: Any] ?? [:]
        let height = min(max((size["height"] as? Double) ?? 1000, 100), 12_000)
        let shot = try send("Page.captureScreenshot", [
            "format": "png", "captureBeyondViewport": true,
            "clip": ["x": 0, "y": 0, "width": Double(width), "height": height, "scale": 1],
        ], session: session)
        guard let base64 = shot["data"] as? String, let screenshot = Data(base64Encoded: base64) else {
            throw ChromiumError(description: "no screenshot data")
        }

        var pdf: Data?
        if printing {
            var parameters: [String: Any] = ["preferCSSPageSize": true, "printBackground": true]
            if browserHeaderFooter { parameters["displayHeaderFooter"] = true }
            let printed = try send("Page.printToPDF", parameters, session: session)
            pdf = (printed["data"] as? String).flatMap { Data(base64Encoded: $0) }
        }

        let pageEvents = events[firstEvent...].filter { ($0["sessionId"] as? String) == session }
        var requests: [String] = []
        var problems: [String] = []
        for event in pageEvents {
            let parameters = event["params"] as? [String: Any] ?? [:]
            switch event["method"] as? String {
            case "Network.requestWillBeSent":
                let url = (parameters["request"] as? [String: Any])?["url"] as? String ?? "?"
                if url != file.absoluteString { requests.append(url) }
            case "Runtime.consoleAPICalled":
                let type = parameters["type"] as? String ?? "?"
                if type == "error" || type == "assert" || type == "warning" { problems.append("console \(type): \(parameters["args"] ?? "")") }
            case "Runtime.exceptionThrown":
                problems.append("exception: \(parameters["exceptionDetails"] ?? "")")
            case "Log.entryAdded":
                let entry = parameters["entry"] as? [String: Any] ?? [:]
                if (entry["level"] as? String) == "error" { problems.append("log: \(entry["text"] ?? "") \(entry["url"] ?? "")") }
            case "Page.javascriptDialogOpening":
                problems.append("dialog: \(parameters["message"] ?? "")")
            default:
                break
            }
        }
        try send("Target.closeTarget", ["targetId": targetID])
        return PageVisit(values: values, screenshot: screenshot, requests: requests, problems: problems, pdf: pdf)
    }
}
