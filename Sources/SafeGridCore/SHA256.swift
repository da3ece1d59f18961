/// SHA-256 (FIPS 180-4), written here so SafeGridCore keeps no dependencies.
///
/// Used for checklist content hashes, evidence file hashes and the hazard event chain.
///
/// ```swift
/// var hasher = SHA256()
/// hasher.update(Array("abc".utf8))
/// hasher.finalize().hex // "ba7816bf..."
/// ```
public struct SHA256: Sendable {
    private var h0: UInt32 = 0x6a09_e667, h1: UInt32 = 0xbb67_ae85, h2: UInt32 = 0x3c6e_f372, h3: UInt32 = 0xa54f_f53a
    private var h4: UInt32 = 0x510e_527f, h5: UInt32 = 0x9b05_688c, h6: UInt32 = 0x1f83_d9ab, h7: UInt32 = 0x5be0_cd19
    /// Bytes fed but not yet compressed (fewer than 64).
    private var pending: [UInt8] = []
    /// Bytes compressed so far.
    private var length: UInt64 = 0

    /// A hasher with nothing fed yet.
    public init() {
        pending.reserveCapacity(64)
    }

    /// The digest of `bytes` in one call.
    public static func hash(_ bytes: some Sequence<UInt8>) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Feeds more bytes.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in update(buffer) }
        if handled == nil { Array(bytes).withUnsafeBufferPointer { update($0) } }
    }

    private mutating func update(_ buffer: UnsafeBufferPointer<UInt8>) {
        var offset = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, buffer.count)
            pending.append(contentsOf: buffer[0..<take])
            offset = take
            guard pending.count == 64 else { return }
            let block = pending
            block.withUnsafeBufferPointer { compress($0.baseAddress!) }
            pending.removeAll(keepingCapacity: true)
        }
        while buffer.count - offset >= 64 {
            compress(buffer.baseAddress! + offset)
            offset += 64
        }
        if offset < buffer.count { pending.append(contentsOf: buffer[offset...]) }
    }

    /// Pads, processes the last block and returns the digest.
    public mutating func finalize() -> SHA256Digest {
        let bitLength = (length &+ UInt64(pending.count)) &* 8
        // The padded tail is one block, or two when fewer than 9 bytes are left in the first;
        // built on the stack, as every event of the chain is hashed.
        let tail = pending
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { buffer in
            let blocks = tail.count + 9 <= 64 ? 1 : 2
            let end = blocks * 64
            _ = buffer.initialize(from: tail)
            buffer[tail.count] = 0x80
            for index in (tail.count + 1)..<(end - 8) { buffer[index] = 0 }
            for index in 0..<8 { buffer[end - 8 + index] = UInt8(truncatingIfNeeded: bitLength >> UInt64(56 - 8 * index)) }
            for block in 0..<blocks { compress(UnsafePointer(buffer.baseAddress! + block * 64)) }
        }
        pending.removeAll(keepingCapacity: true)
        let words = [h0, h1, h2, h3, h4, h5, h6, h7]
        let bytes = [UInt8](unsafeUninitializedCapacity: 32) { buffer, count in
            for (index, word) in words.enumerated() {
                buffer[index * 4] = UInt8(truncatingIfNeeded: word >> 24)
                buffer[index * 4 + 1] = UInt8(truncatingIfNeeded: word >> 16)
                buffer[index * 4 + 2] = UInt8(truncatingIfNeeded: word >> 8)
                buffer[index * 4 + 3] = UInt8(truncatingIfNeeded: word)
            }
            count = 32
        }
        return SHA256Digest(bytes: bytes)
    }

    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// Compresses the 64 bytes at `block` into the state.
    private mutating func compress(_ block: UnsafePointer<UInt8>) {
        length &+= 64
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            let raw = UnsafeRawPointer(block)
            for i in 0..<16 { w[i] = UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)) }
            for i in 16..<64 {
                let s0 = w[i - 15].rotatedRight(7) ^ w[i - 15].rotatedRight(18) ^ (w[i - 15] &>> 3)
                let s1 = w[i - 2].rotatedRight(17) ^ w[i - 2].rotatedRight(19) ^ (w[i - 2] &>> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
            SHA256.roundConstants.withUnsafeBufferPointer { k in
                // Eight rounds per pass, each naming the working variables where they now
                // are, instead of moving all eight along after every round.
                for i in stride(from: 0, to: 64, by: 8) {
                    SHA256.round(a, b, c, &d, e, f, g, &h, k[i] &+ w[i])
                    SHA256.round(h, a, b, &c, d, e, f, &g, k[i + 1] &+ w[i + 1])
                    SHA256.round(g, h, a, &b, c, d, e, &f, k[i + 2] &+ w[i + 2])
                    SHA256.round(f, g, h, &a, b, c, d, &e, k[i + 3] &+ w[i + 3])
                    SHA256.round(e, f, g, &h, a, b, c, &d, k[i + 4] &+ w[i + 4])
                    SHA256.round(d, e, f, &g, h, a, b, &c, k[i + 5] &+ w[i + 5])
                    SHA256.round(c, d, e, &f, g, h, a, &b, k[i + 6] &+ w[i + 6])
                    SHA256.round(b, c, d, &e, f, g, h, &a, k[i + 7] &+ w[i + 7])
                }
            }
            h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d
            h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= h
        }
    }

    /// One round: `d` becomes the next `e`, and `h` the next `a`.
    @inline(__always)
    private static func round(
        _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32, _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32,
        _ constantAndWord: UInt32
    ) {
        let t1 = h &+ (e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)) &+ ((e & f) ^ (~e & g)) &+ constantAndWord
        let t2 = (a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)) &+ ((a & b) ^ (a & c) ^ (b & c))
        d &+= t1
        h = t1 &+ t2
    }
}

extension UInt32 {
    /// Masking shifts: the counts are constants below 32, and Swift's plain shifts would test
    /// for larger ones on every call of the compression loop.
    fileprivate func rotatedRight(_ count: UInt32) -> UInt32 { (self &>> count) | (self &<< (32 &- count)) }
}

/// A SHA-256 digest, shown and encoded as 64 lowercase hex digits.
public struct SHA256Digest: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The 32 bytes of the digest.
    public let bytes: [UInt8]

    /// Wraps 32 digest bytes.
    public init(bytes: [UInt8]) {
        precondition(bytes.count == 32, "a SHA-256 digest has 32 bytes")
        self.bytes = bytes
    }

    /// Parses 64 hex digits (either case); `nil` otherwise.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for index in stride(from: 0, to: 64, by: 2) {
            guard let high = SHA256Digest.nibble(digits[index]), let low = SHA256Digest.nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        self.bytes = bytes
    }

    /// 64 lowercase hex digits.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The first 12 hex digits, for people (as git shows commits).
    public var short: String { String(hex.prefix(12)) }

    public var description: String { hex }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let digest = SHA256Digest(hex: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a SHA-256 hex digest")
        }
        self = digest
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
