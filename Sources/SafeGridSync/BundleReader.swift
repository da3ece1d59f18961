import Foundation
public import SafeGridCore

/// A bundle whose every byte has been checked against its signature: format, line layout,
/// digest, signature, and a signer this store trusts. ``BundleReader/apply(_:_:)`` reads it
/// again, checks each part and hands it over.
public struct VerifiedBundle: Sendable {
    /// The file.
    public var path: String
    /// Its header.
    public var header: BundleHeader
    /// The trusted key that signed it.
    public var signer: TrustedKey
    /// The SHA-256 of every byte before the trailer.
    public var digest: SHA256Digest
    /// What it holds, by kind.
    public var counts: BundleCounts
}

/// Reads bundles line by line, in constant memory (a line at most), never the whole file.
///
/// `verify` checks the whole file's layout, digest and signature before anything is written;
/// `apply` reads it a second time, decodes and checks each part (once: the first pass needs
/// only the bytes) and hands it to the caller inside its transaction. `apply` throws at a
/// part that is not valid, or at the end if the bytes are no longer those verified, so the
/// caller's transaction rolls back.
public struct BundleReader: Sendable {
    /// The size limits.
    public var limits: BundleLimits

    /// A reader with these limits.
    public init(limits: BundleLimits) { self.limits = limits }

    /// Checks every byte of the bundle at `path` against its signature.
    /// - Parameters:
    ///   - path: the bundle file.
    ///   - trusted: the store's keys (`HazardStoreReader/trustedKeys()`).
    /// - Throws: `SafeGridError` `invalid-bundle` (with the file and line) for a file that is
    ///   damaged, truncated, unsigned, of another format version, with a line of an unknown
    ///   kind, or too large; `untrusted-key` for a signer that is not trusted or was revoked.
    public func verify(_ path: String, trusted: [TrustedKey]) throws -> VerifiedBundle {
        let scanned = try scan(path, decoding: false) { _, _ in }
        let header = scanned.header
        guard let trailer = scanned.trailer else {
            throw bad(path, nil, "ends before its trailer: the file is truncated or was never signed", "在签名尾行之前就结束了：文件不完整或未签名")
        }
        guard trailer.parts == scanned.parts else {
            throw bad(path, nil, "has \(scanned.parts) parts, its trailer says \(trailer.parts)", "共有 \(scanned.parts) 个部分，签名尾行却写 \(trailer.parts) 个")
        }
        guard trailer.sha256 == scanned.digest.hex else {
            throw bad(path, nil, "was changed: its SHA-256 is \(scanned.digest.hex), the trailer says \(trailer.sha256)",
                      "已被改动：其 SHA-256 为 \(scanned.digest.hex)，签名尾行写的是 \(trailer.sha256)")
        }
        guard !trailer.signature.isEmpty, let signature = Data(base64Encoded: trailer.signature) else {
            throw bad(path, nil, "is not signed", "没有签名")
        }
        guard let publicKey = try? PublicKeys.decode(base64: header.signer.publicKey),
              TrustedKey.fingerprint(of: publicKey) == header.signer.fingerprint
        else {
            throw bad(path, 2, "names a signer whose public key and fingerprint do not agree", "标明的签名者公钥与指纹不符")
        }
        guard PublicKeys.isValid(signature: Array(signature), of: BundleFormat.signedMessage(parts: trailer.parts, digest: scanned.digest), by: publicKey) else {
            throw bad(path, nil, "has a signature that is not valid for its contents and signer \(header.signer.fingerprint)",
                      "的签名与内容或签名者 \(header.signer.fingerprint) 不符")
        }
        guard let signer = trusted.first(where: { $0.publicKey == publicKey }) else {
            throw SafeGridError(
                .untrustedKey,
                chinese: "数据包 \(path) 由不受信任的密钥 \(header.signer.fingerprint) 签名；核对指纹后用 safegrid key trust 信任它",
                english: "the bundle \(path) is signed by the key \(header.signer.fingerprint), which this store does not trust; check the fingerprint and use safegrid key trust",
                context: ["bundle": path, "key": header.signer.fingerprint])
        }
        if signer.revokedAt != nil {
            throw SafeGridError(
                .untrustedKey, chinese: "数据包 \(path) 由已吊销的密钥 \(signer.fingerprint)（\(signer.name)）签名",
                english: "the bundle \(path) is signed by the key \(signer.fingerprint) (\(signer.name)), which was revoked",
                context: ["bundle": path, "key": signer.fingerprint])
        }
        return VerifiedBundle(path: path, header: header, signer: signer, digest: scanned.digest, counts: scanned.counts)
    }

    /// Reads a verified bundle again, decodes and checks each part after the header, and hands
    /// it to `body`, in file order.
    /// - Throws: what `body` throws; `SafeGridError` `invalid-bundle` (with the line) for a
    ///   part that is not valid, and when the file changed since it was verified (after all
    ///   parts were handed over). Either way the caller rolls back.
    public func apply(_ bundle: VerifiedBundle, _ body: (BundlePart) throws -> Void) throws {
        // Read and decoded on a thread of its own while `body` applies what came before.
        let ahead = ReadAhead<Scanned>()
        let reading = Thread { [self] in
            ahead.finish(Result { try scan(bundle.path, decoding: true) { part, bytes in try ahead.put(part, bytes: bytes) } })
        }
        reading.stackSize = 8 << 20  // as the main thread's: decoding a part recurses
        reading.start()
        do {
            while let parts = ahead.take() {
                for part in parts { try body(part) }
            }
        } catch {
            ahead.cancel()
            _ = try? ahead.outcome()  // the reader has stopped and closed the file
            throw error
        }
        let scanned = try ahead.outcome()
        guard scanned.digest == bundle.digest, scanned.trailer?.sha256 == bundle.digest.hex else {
            throw bad(bundle.path, nil, "changed while it was being merged", "在合并过程中被改动")
        }
    }

    // MARK: - Reading lines

    private struct Scanned {
        var header: BundleHeader
        var trailer: TrailerValue?
        var digest: SHA256Digest
        var parts: Int
        var counts: BundleCounts
    }

    /// One pass over the file: the first line, the header, each part, and the trailer, which
    /// must be the last line.
    /// - Parameter decoding: decode and check each part and hand it to `body` with the length
    ///   of its line; without it only the parts' kinds are read (all the signature needs).
    private func scan(_ path: String, decoding: Bool, _ body: (BundlePart, Int) throws -> Void) throws -> Scanned {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        guard let handle = FileHandle(forReadingAtPath: path), size != nil else {
            throw SafeGridError.invalidInput("cannot read the bundle file \(path)", chinese: "无法读取数据包文件 \(path)", context: ["bundle": path])
        }
        defer { try? handle.close() }
        if let size, size > limits.fileBytes {
            throw bad(path, nil, "is \(size) bytes, over the limit of \(limits.fileBytes) bytes (SAFEGRID_BUNDLE_MAX_BYTES)",
                      "有 \(size) 字节，超过上限 \(limits.fileBytes) 字节（SAFEGRID_BUNDLE_MAX_BYTES）")
        }
        let lines = LineReader(handle: handle, maxLine: max(limits.lineBytes, limits.evidenceLineBytes), maxTotal: limits.fileBytes)
        var hasher = SHA256()
        var number = 0
        func next() throws -> ArraySlice<UInt8>? {
            number += 1
            do {
                return try lines.next()
            } catch let problem as LineReader.Problem {
                switch problem {
                case .tooLong: throw bad(path, number, "is longer than \(lines.maxLine) bytes", "超过 \(lines.maxLine) 字节")
                case .tooLarge: throw bad(path, nil, "is over the limit of \(limits.fileBytes) bytes (SAFEGRID_BUNDLE_MAX_BYTES)", "超过上限 \(limits.fileBytes) 字节（SAFEGRID_BUNDLE_MAX_BYTES）")
                case .unterminated: throw bad(path, number, "ends without a line feed: the file is truncated", "没有换行就结束了：文件不完整")
                }
            }
        }
        guard let first = try next() else { throw bad(path, nil, "is empty", "是空文件") }
        guard first.elementsEqual(BundleFormat.magic.utf8) else {
            let text = String(decoding: first.prefix(40), as: UTF8.self)
            if text.hasPrefix("SAFEGRID-BUNDLE ") {
                throw bad(path, 1, "is of the format version '\(text.dropFirst(16))', which this SafeGrid does not read (it reads 1)",
                          "的格式版本为 '\(text.dropFirst(16))'，本版 SafeGrid 只能读取版本 1")
            }
            throw bad(path, 1, "is not a SafeGrid bundle (it does not start with '\(BundleFormat.magic)')", "不是 SafeGrid 数据包（未以 '\(BundleFormat.magic)' 开头）")
        }
        hasher.update(first)
        hasher.update([0x0A])
        guard let headerLine = try next() else { throw bad(path, nil, "ends before its header: the file is truncated", "在头部之前就结束了：文件不完整") }
        let header: BundleHeader
        do {
            let (kind, value) = try split(headerLine)
            guard kind == "header" else { throw PartProblem(english: "is a \(kind) part, not the header", chinese: "是 \(kind) 部分而不是头部") }
            header = try JSONDecoder().decode(BundleHeader.self, from: Data(value))
        } catch let problem as PartProblem {
            throw bad(path, 2, problem.english, problem.chinese)
        } catch {
            throw bad(path, 2, "is not a valid header (\(PartCodec.describe(error)))", "不是有效的头部（\(PartCodec.describe(error))）")
        }
        hasher.update(headerLine)
        hasher.update([0x0A])
        var parts = 1
        var counts = BundleCounts()
        // One plan per grid and day: a second would make the plan kept depend on line order.
        var planned: Set<String> = []
        while let line = try next() {
            let kind: String, value: ArraySlice<UInt8>
            do {
                (kind, value) = try split(line)
            } catch let problem as PartProblem {
                throw bad(path, number, problem.english, problem.chinese)
            }
            if kind == "trailer" {
                let trailer: TrailerValue
                do {
                    trailer = try JSONDecoder().decode(TrailerValue.self, from: Data(value))
                } catch {
                    throw bad(path, number, "is not a valid trailer (\(PartCodec.describe(error)))", "不是有效的签名尾行（\(PartCodec.describe(error))）")
                }
                guard try next() == nil else { throw bad(path, number, "has more lines after its trailer", "签名尾行之后还有内容") }
                return Scanned(header: header, trailer: trailer, digest: hasher.finalize(), parts: parts, counts: counts)
            }
            if kind != "evidence", line.count > limits.lineBytes {
                throw bad(path, number, "is longer than \(limits.lineBytes) bytes", "超过 \(limits.lineBytes) 字节")
            }
            guard counts.count(kind: kind) else { throw bad(path, number, "has the unknown part kind '\(kind)'", "部分类型 '\(kind)' 未知") }
            hasher.update(line)
            hasher.update([0x0A])
            parts += 1
            guard decoding else { continue }
            let part: BundlePart
            do {
                part = try PartCodec.part(kind: kind, value: value, limits: limits, grids: header.grids)
            } catch {
                throw bad(path, number, error.english, error.chinese)
            }
            if case .plan(let plan) = part, let grid = plan.scope?.code, !planned.insert("\(grid)/\(plan.date)").inserted {
                throw bad(path, number, "is a second plan of grid \(grid) for \(plan.date)", "是网格 \(grid) 在 \(plan.date) 的第二份检查计划")
            }
            try body(part, line.count)
        }
        return Scanned(header: header, trailer: nil, digest: hasher.finalize(), parts: parts, counts: counts)
    }

    /// A line's kind and value: exactly `{"part":"KIND","value":VALUE}`.
    private func split(_ line: ArraySlice<UInt8>) throws -> (String, ArraySlice<UInt8>) {
        let prefix = Array("{\"part\":\"".utf8), middle = Array("\",\"value\":".utf8)
        guard line.starts(with: prefix), line.last == UInt8(ascii: "}") else {
            throw PartProblem(english: "is not valid JSON of a bundle part ({\"part\":KIND,\"value\":VALUE})", chinese: "不是有效的数据包部分 JSON（{\"part\":KIND,\"value\":VALUE}）")
        }
        let rest = line.dropFirst(prefix.count)
        guard let quote = rest.firstIndex(of: UInt8(ascii: "\"")), rest[quote...].starts(with: middle) else {
            throw PartProblem(english: "is not valid JSON of a bundle part ({\"part\":KIND,\"value\":VALUE})", chinese: "不是有效的数据包部分 JSON（{\"part\":KIND,\"value\":VALUE}）")
        }
        let kind = String(decoding: rest[..<quote], as: UTF8.self)
        return (kind, line[(quote + middle.count)..<(line.endIndex - 1)])
    }

    private func bad(_ path: String, _ line: Int?, _ english: String, _ chinese: String) -> SafeGridError {
        var context = ["bundle": path]
        if let line { context["line"] = String(line) }
        let whereEnglish = line.map { "\(path) line \($0)" } ?? "the bundle \(path)"
        let whereChinese = line.map { "\(path) 第 \($0) 行" } ?? "数据包 \(path) "
        return SafeGridError(.invalidBundle, chinese: "\(whereChinese)\(chinese)", english: "\(whereEnglish) \(english)", context: context)
    }
}

/// Lines of a file, read in 64 KiB chunks; a line longer than `maxLine` or a file longer than
/// `maxTotal` stops the read, so a hostile file costs at most a line of memory.
final class LineReader {
    enum Problem: Error { case tooLong, tooLarge, unterminated }

    let handle: FileHandle
    let maxLine: Int
    let maxTotal: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var total = 0
    private var atEnd = false

    init(handle: FileHandle, maxLine: Int, maxTotal: Int) {
        self.handle = handle
        self.maxLine = maxLine
        self.maxTotal = maxTotal
    }

    /// The next line without its line feed; `nil` at the end.
    func next() throws -> ArraySlice<UInt8>? {
        var searchFrom = start
        while true {
            if let newline = buffer[searchFrom...].firstIndex(of: 0x0A) {
                guard newline - start <= maxLine else { throw Problem.tooLong }
                let line = buffer[start..<newline]
                start = newline + 1
                return line
            }
            guard buffer.count - start <= maxLine else { throw Problem.tooLong }
            if atEnd {
                if start == buffer.count { return nil }
                throw Problem.unterminated
            }
            // Drop the lines already handed out before reading more.
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            searchFrom = buffer.count
            let chunk = try handle.read(upToCount: 1 << 16) ?? Data()
            if chunk.isEmpty {
                atEnd = true
            } else {
                total += chunk.count
                guard total <= maxTotal else { throw Problem.tooLarge }
                buffer += chunk
            }
        }
    }
}
