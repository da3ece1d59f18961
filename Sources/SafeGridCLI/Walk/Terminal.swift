import Foundation
import SafeGridCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// What the signal handlers need, set before they are installed: a handler may only touch
// plain memory and call async-signal-safe functions (tcsetattr, write, _exit).
nonisolated(unsafe) private var savedAttributes = termios()
nonisolated(unsafe) private var rawModeActive: sig_atomic_t = 0
/// The resize handler writes a byte here and the key loop polls it beside standard input, so a
/// resize that lands just before the loop blocks in read() still wakes it (a flag alone would
/// wait for the next key).
nonisolated(unsafe) private var resizePipe: (read: Int32, write: Int32) = (-1, -1)
nonisolated(unsafe) private var farewell: UnsafeMutableBufferPointer<UInt8>?

/// Leaves the alternate screen and shows the cursor.
private let leaveScreen: [UInt8] = Array("\u{1B}[?25h\u{1B}[?1049l".utf8)

private func restoreTerminalFromSignal() {
    if rawModeActive != 0 {
        _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &savedAttributes)
        leaveScreen.withUnsafeBufferPointer { _ = write(STDOUT_FILENO, $0.baseAddress, $0.count) }
        rawModeActive = 0
    }
}

/// The terminal in raw mode: single keys without echo, the alternate screen, the size from
/// TIOCGWINSZ. The previous settings come back on ``restore()``, on SIGINT, SIGTERM and SIGHUP
/// (with a message saying the draft is kept) and if the process leaves any other way through
/// the CLI's error path.
final class Terminal {
    /// Whether standard input is a terminal (the walk refuses to run otherwise).
    static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 }

    /// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
    static var allowsColor: Bool {
        isatty(STDOUT_FILENO) == 1 && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    }

    /// Switches to raw mode and the alternate screen.
    /// - Parameter interruptMessage: printed to standard error when a signal ends the process.
    init(interruptMessage: String) throws {
        guard tcgetattr(STDIN_FILENO, &savedAttributes) == 0 else {
            throw SafeGridError.invalidInput("standard input is not a terminal (tcgetattr failed)", chinese: "标准输入不是终端（tcgetattr 失败）")
        }
        let bytes = Array((interruptMessage.hasSuffix("\n") ? interruptMessage : interruptMessage + "\n").utf8)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        _ = buffer.initialize(from: bytes)
        farewell = buffer
        var raw = savedAttributes
        // Keys arrive one by one, unechoed; Ctrl-C arrives as a key (ISIG off) so the walk
        // ends the same way however it is asked to. OPOST stays: "\n" still moves to column 0.
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL | BRKINT | INPCK | ISTRIP)
        raw.c_cflag |= tcflag_t(CS8)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw)
        rawModeActive = 1
        // A parent may have left these blocked; the walk must hear them to restore the terminal.
        var signals = sigset_t()
        sigemptyset(&signals)
        for number in [SIGWINCH, SIGINT, SIGTERM, SIGHUP] { sigaddset(&signals, number) }
        sigprocmask(SIG_UNBLOCK, &signals, nil)
        resizePipe = Self.nonBlockingPipe()
        Self.install(SIGWINCH) { _ in
            var byte: UInt8 = 1
            _ = write(resizePipe.write, &byte, 1)
        }
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            Self.install(signal) { number in
                restoreTerminalFromSignal()
                if let farewell { _ = write(STDERR_FILENO, farewell.baseAddress, farewell.count) }
                _exit(128 + number)
            }
        }
        emit("\u{1B}[?1049h\u{1B}[?25l")
    }

    deinit { restore() }

    /// Leaves raw mode and the alternate screen (idempotent).
    func restore() {
        guard rawModeActive != 0 else { return }
        _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &savedAttributes)
        rawModeActive = 0
        emit("\u{1B}[?25h\u{1B}[?1049l")
        for number in [SIGWINCH, SIGINT, SIGTERM, SIGHUP] { signal(number, SIG_DFL) }
        for descriptor in [resizePipe.read, resizePipe.write] where descriptor >= 0 { close(descriptor) }
        resizePipe = (-1, -1)
    }

    /// A pipe whose ends never block (a full pipe already says "resized") and do not leak into
    /// programs started later.
    private static func nonBlockingPipe() -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return (-1, -1) }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        return (ends[0], ends[1])
    }

    private static func install(_ signal: Int32, _ handler: @convention(c) (Int32) -> Void) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        // No SA_RESTART: a resize interrupts the blocking read so the screen is redrawn at once.
        action.sa_flags = 0
        sigaction(signal, &action, nil)
    }

    /// Columns and rows, from TIOCGWINSZ (80×24 when the terminal does not say).
    static func size() -> (width: Int, height: Int) {
        var size = winsize()
        for descriptor in [STDOUT_FILENO, STDIN_FILENO] where ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 {
            return (Int(size.ws_col), Int(size.ws_row))
        }
        return (80, 24)
    }

    /// Replaces the screen with `lines`.
    func draw(_ lines: [String]) {
        emit("\u{1B}[H" + lines.map { $0 + "\u{1B}[K" }.joined(separator: "\r\n") + "\u{1B}[J")
    }

    private func emit(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBufferPointer { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written <= 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }

    enum Event: Equatable {
        case key(WalkKey)
        case resize
        /// Standard input closed (the terminal went away).
        case closed
    }

    /// The next key, or a resize. Blocks.
    func next() -> Event {
        while true {
            switch waitForKeyOrResize() {
            case .resize: return .resize
            case .interrupted: continue
            case .key: break
            }
            guard let byte = readByte() else {
                if errno == EINTR { continue }
                return .closed
            }
            switch byte {
            case 0x03, 0x04: return .key(.interrupt)
            case 0x0D, 0x0A: return .key(.enter)
            case 0x7F, 0x08: return .key(.backspace)
            case 0x09: return .key(.tab)
            case 0x1B:
                // A lone Escape, or the start of a sequence (arrows, function keys) to skip.
                guard waitForInput(milliseconds: 30) else { return .key(.escape) }
                while waitForInput(milliseconds: 5), let next = readByte() {
                    if (0x40...0x7E).contains(next) && next != 0x5B && next != 0x4F { break }
                }
                continue
            case 0x00..<0x20: continue
            default:
                var bytes = [byte]
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                while bytes.count < length, let next = readByte() { bytes.append(next) }
                if let character = String(bytes: bytes, encoding: .utf8)?.first { return .key(.character(character)) }
            }
        }
    }

    private enum Wake { case key, resize, interrupted }

    /// Blocks until standard input has a byte or the terminal was resized (the pipe is then
    /// drained: several resizes make one redraw).
    private func waitForKeyOrResize() -> Wake {
        var descriptors = [
            pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0), pollfd(fd: resizePipe.read, events: Int16(POLLIN), revents: 0),
        ]
        guard poll(&descriptors, nfds_t(descriptors.count), -1) > 0 else { return .interrupted }
        if descriptors[1].revents & Int16(POLLIN) != 0 {
            var drain = [UInt8](repeating: 0, count: 64)
            while read(resizePipe.read, &drain, drain.count) > 0 {}
            return .resize
        }
        return .key
    }

    private func readByte() -> UInt8? {
        var byte: UInt8 = 0
        return read(STDIN_FILENO, &byte, 1) == 1 ? byte : nil
    }

    private func waitForInput(milliseconds: Int32) -> Bool {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, milliseconds) > 0
    }
}

/// Tab completion of the last word of a line as a file path: the one match, or the longest
/// prefix all matches share. The word is read as ``ShellWords`` reads it (escaped or quoted
/// spaces) and written back the same way, so a name with spaces completes into one word.
enum PathCompletion {
    static func complete(_ line: String) -> String {
        let last = ShellWords.lastWord(line)
        let word = last.text
        let home = last.quote == nil && word.hasPrefix("~/")
        let expanded = home ? NSHomeDirectory() + word.dropFirst() : word
        let slash = expanded.lastIndex(of: "/")
        let directory = slash.map { String(expanded[...$0]) } ?? ""
        let stem = slash.map { String(expanded[expanded.index(after: $0)...]) } ?? expanded
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory) else { return line }
        let matches = names.filter { $0.hasPrefix(stem) && (stem.hasPrefix(".") || !$0.hasPrefix(".")) }.sorted()
        guard let first = matches.first else { return line }
        var common = first
        for name in matches.dropFirst() {
            while !name.hasPrefix(common) { common.removeLast() }
        }
        var isDirectory: ObjCBool = false
        let unique = matches.count == 1 && FileManager.default.fileExists(atPath: directory + common, isDirectory: &isDirectory)
        let shownDirectory = home ? "~/" + directory.dropFirst(NSHomeDirectory().count + 1) : directory
        let completed = shownDirectory + common + (unique && isDirectory.boolValue ? "/" : "")
        // Inside an open quote the name stays quoted, and a finished file name closes it.
        if let quote = last.quote, !completed.contains(quote), !completed.contains("\\") {
            return last.head + String(quote) + completed + (unique && !isDirectory.boolValue ? String(quote) : "")
        }
        return last.head + ShellWords.escape(completed)
    }
}
