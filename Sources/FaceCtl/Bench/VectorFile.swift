import Foundation

/// The fvecs/ivecs formats of vector benchmarks: per row a little-endian
/// int32 count, then that many float32 (fvecs) or int32 (ivecs) values.
enum VectorFile {
    /// A matrix read from an fvecs file, rows stored one after another.
    struct Matrix {
        let dimension: Int
        let rows: Int
        let values: [Float]

        func row(_ index: Int) -> ArraySlice<Float> { values[index * dimension..<(index + 1) * dimension] }
    }

    /// Reads an fvecs file; every row must have the same dimension (1...4096).
    static func readFvecs(_ path: String) throws -> Matrix {
        guard let data = FileManager.default.contents(atPath: path) else { throw VectorFileError.unreadable(path) }
        guard data.count >= 4 else { throw VectorFileError.malformed(path, "shorter than one row header") }
        return try data.withUnsafeBytes { (bytes) throws -> Matrix in
            let dimension = Int(Int32(littleEndian: bytes.loadUnaligned(as: Int32.self)))
            guard (1...4096).contains(dimension) else { throw VectorFileError.malformed(path, "dimension \(dimension) outside 1...4096") }
            let rowBytes = 4 + 4 * dimension
            guard bytes.count % rowBytes == 0 else {
                throw VectorFileError.malformed(path, "size \(bytes.count) is not a whole number of \(rowBytes)-byte rows")
            }
            let rows = bytes.count / rowBytes
            var values = [Float](repeating: 0, count: rows * dimension)
            for row in 0..<rows {
                let offset = row * rowBytes
                let count = Int(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
                guard count == dimension else { throw VectorFileError.malformed(path, "row \(row) has dimension \(count), not \(dimension)") }
                for j in 0..<dimension {
                    let bits = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 4 + 4 * j, as: UInt32.self))
                    values[row * dimension + j] = Float(bitPattern: bits)
                }
            }
            return Matrix(dimension: dimension, rows: rows, values: values)
        }
    }

    /// Writes rows of int32 as ivecs.
    static func writeIvecs(_ rows: [[Int32]], to path: String) throws {
        var data = Data(capacity: rows.reduce(0) { $0 + 4 + 4 * $1.count })
        for row in rows {
            for value in [Int32(row.count)] + row {
                withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
            }
        }
        guard FileManager.default.createFile(atPath: path, contents: data) else { throw VectorFileError.unwritable(path) }
    }
}

/// Why a vector file could not be used.
enum VectorFileError: Error, CustomStringConvertible {
    case unreadable(String)
    case unwritable(String)
    case malformed(String, String)

    var description: String {
        switch self {
        case .unreadable(let path): "cannot read \(path)"
        case .unwritable(let path): "cannot write \(path)"
        case .malformed(let path, let why): "\(path) is not a valid vector file: \(why)"
        }
    }
}
