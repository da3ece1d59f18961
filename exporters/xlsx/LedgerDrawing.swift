import Foundation
import SafeGridCore

/// The pictures of a ledger sheet: where each photo is anchored, and the drawing part,
/// its relationships and the content types that carry them.
struct LedgerDrawing {
    /// One photo anchored in a cell.
    struct Placement {
        /// The row (from 0) and column (from 0) of its cell.
        var row: Int, column: Int
        /// The hazard it belongs to, and the photo's hash: its bytes are read again when the media is written.
        var hazardID: String, hash: SHA256Digest
        /// `png`, `jpeg` or `gif`.
        var fileExtension: String
        /// Its size on the sheet, in EMU.
        var width: Int, height: Int
    }

    /// The photos anchored so far, in order; the n-th is `xl/media/image<n>.<ext>`, `rId<n>`.
    private(set) var placements: [Placement] = []
    /// The photo bytes anchored so far.
    private(set) var bytes = 0

    /// The points (1/72 in) of the square a photo is fitted into, and the row height that holds it.
    static let boxPoints = 45
    static let rowHeight = 50
    static let emuPerPoint = 12_700

    /// The media extension of an image type a spreadsheet shows, or `nil` (WebP and SVG are
    /// named by count only).
    static func fileExtension(_ mediaType: String) -> String? {
        switch mediaType {
        case "image/png": "png"
        case "image/jpeg": "jpeg"
        case "image/gif": "gif"
        default: nil
        }
    }

    /// Anchors `photo` in a cell if there is room: at most `limit` photos and `byteLimit` bytes in all.
    mutating func place(_ photo: NoticePhoto, hazardID: String, row: Int, column: Int, limit: Int, byteLimit: Int) -> Bool {
        guard placements.count < limit, bytes + photo.data.count <= byteLimit, let ext = Self.fileExtension(photo.mediaType) else {
            return false
        }
        let (pixelsWide, pixelsHigh) = Self.pixelSize([UInt8](photo.data)) ?? (1, 1)
        let box = Double(Self.boxPoints * Self.emuPerPoint)
        let scale = box / Double(max(pixelsWide, pixelsHigh, 1))
        placements.append(Placement(
            row: row, column: column, hazardID: hazardID, hash: photo.hash, fileExtension: ext,
            width: max(1, Int(Double(pixelsWide) * scale)), height: max(1, Int(Double(pixelsHigh) * scale))))
        bytes += photo.data.count
        return true
    }

    /// The drawing part: one picture per placement, anchored at its cell's top-left corner.
    func drawingXML() -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing""#
        xml += #" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main""#
        xml += #" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        for (index, p) in placements.enumerated() {
            let number = index + 1
            xml += "<xdr:oneCellAnchor><xdr:from><xdr:col>\(p.column)</xdr:col><xdr:colOff>12700</xdr:colOff>"
            xml += "<xdr:row>\(p.row)</xdr:row><xdr:rowOff>12700</xdr:rowOff></xdr:from>"
            xml += #"<xdr:ext cx="\#(p.width)" cy="\#(p.height)"/>"#
            xml += #"<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="\#(number + 1)" name="Picture \#(number)" descr="\#(p.hash.hex)"/>"#
            xml += #"<xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr>"#
            xml += #"<xdr:blipFill><a:blip r:embed="rId\#(number)"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>"#
            xml += #"<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="\#(p.width)" cy="\#(p.height)"/></a:xfrm>"#
            xml += #"<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/></xdr:oneCellAnchor>"#
        }
        return xml + "</xdr:wsDr>"
    }

    /// The drawing's relationships: picture n is `../media/image<n>.<ext>`.
    func drawingRelationships() -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for (index, p) in placements.enumerated() {
            xml += #"<Relationship Id="rId\#(index + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="../media/\#(Self.mediaName(index, p))"/>"#
        }
        return xml + "</Relationships>"
    }

    /// `image3.png`.
    static func mediaName(_ index: Int, _ placement: Placement) -> String {
        "image\(index + 1).\(placement.fileExtension)"
    }

    /// The sheet's one relationship: its drawing.
    static let sheetRelationships =
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawing1.xml"/>"#
        + "</Relationships>"

    /// The content types of a one-sheet workbook with a drawing and pictures.
    static let contentTypes: String = {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        xml += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        xml += #"<Default Extension="xml" ContentType="application/xml"/>"#
        xml += #"<Default Extension="png" ContentType="image/png"/><Default Extension="jpeg" ContentType="image/jpeg"/>"#
        xml += #"<Default Extension="gif" ContentType="image/gif"/>"#
        let overrides: [(String, String)] = [
            ("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
            ("/xl/worksheets/sheet1.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"),
            ("/xl/drawings/drawing1.xml", "application/vnd.openxmlformats-officedocument.drawing+xml"),
            ("/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"),
            ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
            ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
        ]
        for (part, type) in overrides { xml += #"<Override PartName="\#(part)" ContentType="\#(type)"/>"# }
        return xml + "</Types>"
    }()

    /// Width and height in pixels of a PNG, GIF or JPEG, read from its header.
    static func pixelSize(_ bytes: [UInt8]) -> (Int, Int)? {
        func big(_ offset: Int, _ count: Int) -> Int { bytes[offset..<offset + count].reduce(0) { $0 << 8 | Int($1) } }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]), bytes.count >= 24 { return (big(16, 4), big(20, 4)) }
        if bytes.starts(with: Array("GIF8".utf8)), bytes.count >= 10 {
            return (Int(bytes[6]) | Int(bytes[7]) << 8, Int(bytes[8]) | Int(bytes[9]) << 8)
        }
        guard bytes.starts(with: [0xFF, 0xD8]) else { return nil }
        var offset = 2
        while offset + 9 < bytes.count, bytes[offset] == 0xFF {
            let marker = bytes[offset + 1]
            let length = big(offset + 2, 2)
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                return (big(offset + 7, 2), big(offset + 5, 2))
            }
            guard length >= 2 else { return nil }
            offset += 2 + length
        }
        return nil
    }
}
