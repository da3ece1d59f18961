public import Foundation

/// One tab of a ``HeadlessChromium``, driven the way a person uses a site: go to a page,
/// fill a form, press a button, choose a file, look. Everything it requested and every
/// problem it reported since it opened is kept, to check that nothing left the origin and
/// nothing went wrong.
public final class BrowserTab {
    public let browser: HeadlessChromium
    private let session: String
    private let targetID: String
    private let firstEvent: Int
    public let width: Int

    /// Opens a blank tab of `width` × `height` CSS pixels; `mobile` emulates a phone.
    public init(_ browser: HeadlessChromium, width: Int = 1200, height: Int = 900, mobile: Bool = false) throws {
        self.browser = browser
        self.width = width
        firstEvent = browser.events.count
        let target = try browser.send("Target.createTarget", ["url": "about:blank"])
        guard let targetID = target["targetId"] as? String else { throw ChromiumError(description: "no target id in \(target)") }
        self.targetID = targetID
        let attached = try browser.send("Target.attachToTarget", ["targetId": targetID, "flatten": true])
        guard let session = attached["sessionId"] as? String else { throw ChromiumError(description: "no session id in \(attached)") }
        self.session = session
        for domain in ["Page", "Runtime", "Network", "Log", "DOM"] { try browser.send("\(domain).enable", session: session) }
        try browser.send(
            "Emulation.setDeviceMetricsOverride", ["width": width, "height": height, "deviceScaleFactor": mobile ? 2 : 1, "mobile": mobile],
            session: session)
        if mobile { try browser.send("Emulation.setTouchEmulationEnabled", ["enabled": true], session: session) }
    }

    /// Goes to `url` and waits until it has loaded.
    public func go(_ url: String) throws {
        let before = browser.events.count
        try browser.send("Page.navigate", ["url": url], session: session)
        try browser.waitForEvent("Page.loadEventFired", session: session, after: before)
    }

    /// Runs `script` in the page and waits for the page it leads to (a click on a link or a
    /// submit button) to load.
    public func follow(_ script: String) throws {
        let before = browser.events.count
        _ = try evaluate(script)
        try browser.waitForEvent("Page.loadEventFired", session: session, after: before)
    }

    /// The value of `expression` in the page (JSON-like: strings, numbers, arrays, objects).
    @discardableResult
    public func evaluate(_ expression: String) throws -> Any? {
        let result = try browser.send("Runtime.evaluate", ["expression": expression, "returnByValue": true], session: session)
        if let exception = result["exceptionDetails"] { throw ChromiumError(description: "evaluating \(expression) threw \(exception)") }
        return (result["result"] as? [String: Any])?["value"]
    }

    /// The page's text content of `selector`'s first match, or `nil`.
    public func text(_ selector: String) throws -> String? {
        try evaluate("(() => { const e = document.querySelector(\(Self.quoted(selector))); return e ? e.textContent : null })()") as? String
    }

    /// The page's address.
    public func location() throws -> String { try evaluate("location.href") as? String ?? "" }

    /// Chooses files for the file input `selector` matches, as the file dialog would.
    public func choose(files: [URL], for selector: String) throws {
        let document = try browser.send("DOM.getDocument", ["depth": 0], session: session)
        guard let root = (document["root"] as? [String: Any])?["nodeId"] else { throw ChromiumError(description: "no document node") }
        let found = try browser.send("DOM.querySelector", ["nodeId": root, "selector": selector], session: session)
        guard let node = found["nodeId"] as? Int, node != 0 else { throw ChromiumError(description: "no element matches \(selector)") }
        try browser.send("DOM.setFileInputFiles", ["nodeId": node, "files": files.map(\.path)], session: session)
    }

    /// A PNG of the whole page, or of its top `maxHeight` CSS pixels.
    public func screenshot(maxHeight: Double = 12_000) throws -> Data {
        let metrics = try browser.send("Page.getLayoutMetrics", session: session)
        let size = (metrics["cssContentSize"] ?? metrics["contentSize"]) as? [String: Any] ?? [:]
        let height = min(max((size["height"] as? Double) ?? 900, 100), maxHeight)
        let shot = try browser.send("Page.captureScreenshot", [
            "format": "png", "captureBeyondViewport": true,
            "clip": ["x": 0, "y": 0, "width": Double(width), "height": height, "scale": 1],
        ], session: session)
        guard let base64 = shot["data"] as? String, let data = Data(base64Encoded: base64) else { throw ChromiumError(description: "no screenshot data") }
        return data
    }

    /// The page printed to PDF with its own `@page` size, as a browser's print dialog would.
    public func printed() throws -> Data {
        let printed = try browser.send("Page.printToPDF", ["preferCSSPageSize": true, "printBackground": true], session: session)
        guard let base64 = printed["data"] as? String, let data = Data(base64Encoded: base64) else { throw ChromiumError(description: "no PDF data") }
        return data
    }

    /// Every URL the tab requested since it opened.
    public var requests: [String] {
        tabEvents("Network.requestWillBeSent").compactMap { ($0["request"] as? [String: Any])?["url"] as? String }
    }

    /// Console errors and warnings, uncaught exceptions, error log entries and dialogs since it opened.
    public var problems: [String] {
        var problems: [String] = []
        for event in browser.events[firstEvent...] where (event["sessionId"] as? String) == session {
            let parameters = event["params"] as? [String: Any] ?? [:]
            switch event["method"] as? String {
            case "Runtime.consoleAPICalled":
                let type = parameters["type"] as? String ?? "?"
                if type == "error" || type == "assert" || type == "warning" { problems.append("console \(type): \(parameters["args"] ?? "")") }
            case "Runtime.exceptionThrown": problems.append("exception: \(parameters["exceptionDetails"] ?? "")")
            case "Log.entryAdded":
                let entry = parameters["entry"] as? [String: Any] ?? [:]
                if (entry["level"] as? String) == "error" { problems.append("log: \(entry["text"] ?? "") \(entry["url"] ?? "")") }
            case "Page.javascriptDialogOpening": problems.append("dialog: \(parameters["message"] ?? "")")
            default: break
            }
        }
        return problems
    }

    /// Closes the tab.
    public func close() throws { try browser.send("Target.closeTarget", ["targetId": targetID]) }

    private func tabEvents(_ method: String) -> [[String: Any]] {
        browser.events[firstEvent...].filter { ($0["method"] as? String) == method && ($0["sessionId"] as? String) == session }
            .map { $0["params"] as? [String: Any] ?? [:] }
    }

    /// A string as a JavaScript literal.
    public static func quoted(_ text: String) -> String {
        let data = try? JSONSerialization.data(withJSONObject: [text])
        let array = data.map { String(decoding: $0, as: UTF8.self) } ?? "[\"\"]"
        return String(array.dropFirst().dropLast())
    }
}
