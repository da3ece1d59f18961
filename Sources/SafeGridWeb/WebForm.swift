import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// A posted form: its fields, and the files of a multipart form (photos). Read in full up to
/// the limits of ``WebLimits``; a body over them is refused with 413 before anything is kept.
struct WebForm {
    private(set) var fields: [String: [String]] = [:]
    /// The uploaded files, in order, with the field they came in.
    private(set) var files: [(field: String, filename: String, bytes: [UInt8])] = []

    /// The first value of a field, trimmed; `nil` when absent or empty.
    subscript(_ name: String) -> String? {
        guard let value = fields[name]?.first?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// Every value of a field (a repeated field, a multiple choice).
    func all(_ name: String) -> [String] { fields[name] ?? [] }

    /// Reads the request's form, URL-encoded or multipart.
    static func read(_ request: Request, context: WebContext) async throws -> WebForm {
        let type = request.headers[.contentType] ?? ""
        let multipart = type.lowercased().hasPrefix("multipart/form-data")
        let limit = multipart ? WebLimits.requestBytes : WebLimits.formBytes
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw HTTPError(.contentTooLarge, message: "the form is larger than \(limit >> 10) KiB")
        }
        let bytes = Array(buffer.readableBytesView)
        if multipart {
            guard let boundary = boundary(of: type) else { throw HTTPError(.badRequest, message: "a multipart form without its boundary") }
            return try parseMultipart(bytes, boundary: boundary)
        }
        return parseURLEncoded(String(decoding: bytes, as: UTF8.self))
    }

    static func parseURLEncoded(_ text: String) -> WebForm {
        var form = WebForm()
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ part: Substring) -> String {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            form.fields[decoded(parts[0]), default: []].append(parts.count > 1 ? decoded(parts[1]) : "")
        }
        return form
    }

    private static func boundary(of contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return value.isEmpty || value.count > 200 ? nil : value
            }
        }
        return nil
    }

    static func parseMultipart(_ bytes: [UInt8], boundary: String) throws -> WebForm {
        guard headerNamesAreASCII(bytes, boundary: boundary) else {
            throw HTTPError(.badRequest, message: "the multipart form cannot be read")
        }
        var form = WebForm()
        var headers: [(String, String)] = []
        var body: [UInt8] = []
        var problem: HTTPError?
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in headers.append((name.lowercased(), value)) }
        parser.onBody = { buffer in body += buffer.readableBytesView }
        parser.onPartComplete = {
            defer { headers = []; body = [] }
            guard let disposition = headers.first(where: { $0.0 == "content-disposition" })?.1,
                  let name = parameter("name", in: disposition)
            else { return }
            if let filename = parameter("filename", in: disposition) {
                // An empty file input posts a part with no name and no bytes: nothing chosen.
                guard !(filename.isEmpty && body.isEmpty) else { return }
                guard form.files.count < WebLimits.photosPerForm else {
                    problem = HTTPError(.contentTooLarge, message: "at most \(WebLimits.photosPerForm) files per form")
                    return
                }
                guard body.count <= WebLimits.photoBytes else {
                    problem = HTTPError(.contentTooLarge, message: "\(filename) is larger than \(WebLimits.photoBytes >> 20) MiB")
                    return
                }
                form.files.append((name, filename, body))
            } else {
                form.fields[name, default: []].append(String(decoding: body, as: UTF8.self))
            }
        }
        do {
            try parser.execute(bytes)
        } catch {
            throw HTTPError(.badRequest, message: "the multipart form cannot be read")
        }
        if let problem { throw problem }
        return form
    }

    /// Whether every part's header names are ASCII, as RFC 7578 has them. MultipartKit (4.7.1)
    /// looks a header name's bytes up in a table of 128 and traps on any byte above 127 (found by
    /// `scripts/fuzz webform`): such a form is refused before it gets there. Conservative: in a
    /// part's headers (from its boundary to the first empty line), a byte above 127 is allowed
    /// only after a colon on its line.
    static func headerNamesAreASCII(_ bytes: [UInt8], boundary: String) -> Bool {
        let delimiter = Array("--\(boundary)".utf8)
        guard !delimiter.isEmpty, bytes.count >= delimiter.count else { return true }
        var index = 0
        while index <= bytes.count - delimiter.count {
            guard bytes[index] == delimiter[0], bytes[index..<index + delimiter.count].elementsEqual(delimiter) else {
                index += 1
                continue
            }
            // The headers: up to the first empty line (CR LF CR LF), one line at a time.
            index += delimiter.count
            var inName = true
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x0D, index + 3 < bytes.count, bytes[index + 1] == 0x0A, bytes[index + 2] == 0x0D, bytes[index + 3] == 0x0A {
                    index += 4
                    break
                }
                if byte == 0x0D || byte == 0x0A {
                    inName = true
                } else if byte == UInt8(ascii: ":") {
                    inName = false
                } else if inName && byte > 127 {
                    return false
                }
                index += 1
            }
        }
        return true
    }

    /// A parameter of a `Content-Disposition` header (`name="photo"`).
    private static func parameter(_ key: String, in header: String) -> String? {
        for part in header.split(separator: ";").dropFirst() {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].lowercased() == key else { continue }
            var value = String(pair[1])
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }
}
