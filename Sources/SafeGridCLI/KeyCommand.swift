import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine
import SafeGridSync

/// `safegrid key`: this laptop's signing key, and the keys a store trusts.
struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: .zh("数据包签名密钥：本机自己的，以及数据存储信任的。", en: "Signing keys for bundles (数据包签名密钥): this machine's own, and those the store trusts."),
        discussion: .zh("""
            笔记本用自己的 Ed25519 密钥为导出的数据包签名；数据存储只合并它信任的密钥签名的数据包。受信任的密钥保存在数据存储中，所以使用派出所数据存储的每台机器信任同样的笔记本。

            示例：
              safegrid key init                        # 在笔记本上，一次
              safegrid key show                        # 念出指纹核对
              safegrid key trust 'q3Jx…=' --name 张警官的笔记本   # 在派出所
              safegrid key list
              safegrid key revoke 张警官的笔记本          # 笔记本丢失时
            """, en: """
            A laptop signs the bundles it exports with its own Ed25519 key; a store merges only bundles signed by a key it trusts. Trusted keys are kept in the store, so every machine using the station's store trusts the same laptops.

            Examples:
              safegrid key init                        # on the laptop, once
              safegrid key show                        # read the fingerprint aloud
              safegrid key trust 'q3Jx…=' --name 张警官的笔记本   # at the station
              safegrid key list
              safegrid key revoke 张警官的笔记本          # a lost laptop
            """),
        subcommands: [Init.self, Show.self, Trust.self, List.self, Revoke.self]
    )

    /// Where this machine's private key is kept: `$XDG_DATA_HOME/safegrid/key.ed25519`.
    static var keyPath: String { Context.dataDirectory(ProcessInfo.processInfo.environment) + "/key.ed25519" }

    /// This machine's key.
    /// - Throws: ``SafeGridError`` `signing-key` when `key init` has not been run.
    static func signingKey() throws -> SigningKey {
        let path = keyPath
        guard let key = try SigningKey.load(from: path) else {
            throw SafeGridError(
                .signingKey, chinese: "本机还没有签名密钥（\(path)）：请先运行 safegrid key init",
                english: "this machine has no signing key yet (\(path)): run safegrid key init first", context: ["key": path])
        }
        return key
    }

    struct Init: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("生成本机的密钥对（私钥文件只有你能读）。", en: "Create this machine's key pair (the private key file is readable by you only)."),
            discussion: .zh("""
                私钥保存在 $XDG_DATA_HOME/safegrid/key.ed25519（权限 0600）。没有 --force 绝不替换已有的密钥：信任旧密钥的派出所会拒收这台笔记本的数据包，直到信任新密钥。

                示例：
                  safegrid key init
                  safegrid key init --force        # 替换；派出所须信任新密钥
                """, en: """
                The private key is kept in $XDG_DATA_HOME/safegrid/key.ed25519 (mode 0600). An existing key is never replaced without --force: stations that trust it would refuse this laptop's bundles until they trust the new one.

                Examples:
                  safegrid key init
                  safegrid key init --force        # replace it; the station trusts the new one
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Flag(help: .zh("替换已有的密钥。", en: "Replace an existing key.")) var force = false

        func run() throws {
            let key = try SigningKey.create(at: KeyCommand.keyPath, replacing: force)
            let language = global.language
            Output.line(key.publicKeyBase64)
            Output.error(language.pick(
                "已创建签名密钥 \(KeyCommand.keyPath)，指纹 \(key.fingerprint)；把上面一行公钥交给派出所，并当面核对指纹",
                "created the signing key \(KeyCommand.keyPath), fingerprint \(key.fingerprint); give the station the public key above and compare the fingerprint in person"))
        }
    }

    struct Show: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("输出本机的公钥（标准输出）及供念出核对的指纹（标准错误）。", en: "Print this machine's public key (stdout) and its fingerprint to read aloud (stderr)."),
            discussion: .zh("""
                示例：
                  safegrid key show                # 公钥在标准输出，指纹在标准错误
                  safegrid key show --format json  # {"fingerprint": …, "publicKey": …}
                  safegrid key trust "$(ssh laptop safegrid key show)" --name laptop-1
                """, en: """
                Examples:
                  safegrid key show                # key on stdout, fingerprint on stderr
                  safegrid key show --format json  # {"fingerprint": …, "publicKey": …}
                  safegrid key trust "$(ssh laptop safegrid key show)" --name laptop-1
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Option(help: .dataFormat) var format: DataFormat = .text

        func run() throws {
            let key = try KeyCommand.signingKey()
            switch format {
            case .json:
                try Output.json(["publicKey": key.publicKeyBase64, "fingerprint": key.fingerprint])
            case .text:
                Output.line(key.publicKeyBase64)
                Output.error(global.language.pick("指纹：", "fingerprint: ") + key.fingerprint)
            }
        }
    }

    struct Trust: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("信任一台笔记本（或派出所）的公钥：合并它签名的数据包。", en: "Trust a laptop's (or the station's) public key: merge bundles it signs."),
            discussion: .zh("""
                使用前，把这里输出的指纹与笔记本上（key show）显示的指纹核对。已吊销的密钥不能再被信任：请生成新密钥。

                示例：
                  safegrid key trust q3JxW…= --name 张警官的笔记本
                  safegrid key trust "$(cat station.pub)" --name 城关派出所   # 在笔记本上
                """, en: """
                Compare the fingerprint printed here with the one the laptop shows (key show) before relying on it. A revoked key cannot be trusted again: make a new one.

                Examples:
                  safegrid key trust q3JxW…= --name 张警官的笔记本
                  safegrid key trust "$(cat station.pub)" --name 城关派出所   # on a laptop
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: .zh("公钥：32 字节的 base64，即 key show 的输出。", en: "The public key: base64 of its 32 bytes, as key show prints it.", valueName: "public-key"))
        var publicKey: String
        @Option(help: .zh("便于辨认的密钥名称（在数据存储中唯一）。", en: "A name people know the key by (unique in the store).")) var name: String
        @Option(help: .actor) var actor: String?

        func validate() throws {
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError(.zh("--name 不能为空", en: "--name must not be empty")) }
        }

        func run() throws {
            let raw = try PublicKeys.decode(base64: publicKey)
            let actor = try Context.actor(actor, before: global)
            let context = try Context.open(global, creating: true)
            let language = context.language
            let key = TrustedKey(publicKey: raw, name: name, trustedAt: context.engine.clock.now(), trustedBy: actor)
            let outcome: String = try context.engine.store.write { writer in
                let keys = try writer.trustedKeys()
                if let known = keys.first(where: { $0.publicKey == raw }) {
                    guard known.revokedAt == nil else {
                        throw SafeGridError.invalidInput(
                            "the key \(known.fingerprint) (\(known.name)) was revoked and stays revoked; make a new key on the laptop (key init --force)",
                            chinese: "密钥 \(known.fingerprint)（\(known.name)）已吊销，不能再信任；请在笔记本上重新生成密钥（key init --force）",
                            context: ["key": known.fingerprint])
                    }
                    guard known.name == name else {
                        throw SafeGridError.invalidInput(
                            "the key \(known.fingerprint) is trusted already, as '\(known.name)'",
                            chinese: "密钥 \(known.fingerprint) 已被信任，名为 '\(known.name)'", context: ["key": known.fingerprint])
                    }
                    return language.pick("已信任过：\(name)（指纹 \(key.fingerprint)）", "trusted already: \(name) (fingerprint \(key.fingerprint))")
                }
                if let other = keys.first(where: { $0.name == name }) {
                    throw SafeGridError.invalidInput(
                        "the name '\(name)' is taken by the key \(other.fingerprint); choose another", chinese: "名称 '\(name)' 已被密钥 \(other.fingerprint) 使用，请换一个",
                        context: ["name": name])
                }
                try writer.put(trustedKey: key)
                return language.pick("已信任 \(name)，指纹 \(key.fingerprint)（请与笔记本上 key show 的指纹核对）",
                                     "trusted \(name), fingerprint \(key.fingerprint) (compare it with key show on the laptop)")
            }
            Output.error(outcome)
        }
    }

    struct List: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("列出数据存储信任的和已吊销的密钥。", en: "List the keys the store trusts or has revoked."),
            discussion: .zh("""
                示例：
                  safegrid key list
                  safegrid key list --format json
                """, en: """
                Examples:
                  safegrid key list
                  safegrid key list --format json
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Option(help: .dataFormat) var format: DataFormat = .text

        struct Row: Encodable {
            var name, fingerprint, publicKey, status, trustedBy: String
            var trustedAt: Date
            var revokedAt: Date?
        }

        func run() throws {
            let context = try Context.open(global)
            let language = context.language
            let keys = try context.engine.store.read { try $0.trustedKeys() }
            let rows = keys.map {
                Row(name: $0.name, fingerprint: $0.fingerprint, publicKey: Data($0.publicKey).base64EncodedString(),
                    status: $0.revokedAt == nil ? "trusted" : "revoked", trustedBy: $0.trustedBy, trustedAt: $0.trustedAt, revokedAt: $0.revokedAt)
            }
            switch format {
            case .json:
                try context.json(rows)
            case .text:
                guard !rows.isEmpty else {
                    Output.error(language.pick("还没有信任任何密钥（key trust）", "no key is trusted yet (key trust)"))
                    return
                }
                var table = TextTable()
                table.append(language == .chinese ? ["名称", "指纹", "状态", "时间"] : ["name", "fingerprint", "status", "when"])
                for row in rows {
                    let status = row.revokedAt == nil ? language.pick("信任", "trusted") : language.pick("已吊销", "revoked")
                    table.append([row.name, row.fingerprint, status, context.show(row.revokedAt ?? row.trustedAt)])
                }
                Output.line(table.render())
            }
        }
    }

    struct Revoke: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("吊销一个受信任的密钥（按指纹或名称）：此后拒收它签名的数据包。", en: "Revoke a trusted key (by fingerprint or name): its bundles are refused from now on."),
            discussion: .zh("""
                已从它合并的事件保留不变。已吊销的密钥不能再被信任。

                示例：
                  safegrid key revoke 张警官的笔记本
                  safegrid key revoke ab12-cd34-ef56-7890
                """, en: """
                Events already merged from it stay. A revoked key cannot be trusted again.

                Examples:
                  safegrid key revoke 张警官的笔记本
                  safegrid key revoke ab12-cd34-ef56-7890
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: .zh("密钥的指纹或名称。", en: "The key's fingerprint or name.", valueName: "fingerprint-or-name")) var key: String

        func run() throws {
            let context = try Context.open(global)
            let language = context.language
            let now = context.engine.clock.now()
            let message: String = try context.engine.store.write { writer in
                guard var found = try writer.trustedKeys().first(where: { $0.fingerprint == key.lowercased() || $0.name == key }) else {
                    throw SafeGridError(
                        .notFound, chinese: "没有指纹或名称为 '\(key)' 的受信任密钥", english: "no trusted key has the fingerprint or name '\(key)'",
                        context: ["key": key])
                }
                if found.revokedAt != nil {
                    return language.pick("\(found.name)（\(found.fingerprint)）早已吊销", "\(found.name) (\(found.fingerprint)) was revoked already")
                }
                found.revokedAt = now
                try writer.put(trustedKey: found)
                return language.pick("已吊销 \(found.name)（\(found.fingerprint)）：此后它签名的数据包一律拒收",
                                     "revoked \(found.name) (\(found.fingerprint)): bundles it signs are refused from now on")
            }
            Output.error(message)
        }
    }
}
