import CSQLite

/// A compiled statement: bind parameters, step through rows, read columns.
///
/// Parameters and columns are 1-based and 0-based respectively, as in SQLite.
final class SQLiteStatement {
    private let handle: OpaquePointer
    private let connection: SQLiteConnection

    init(handle: OpaquePointer, connection: SQLiteConnection) {
        self.handle = handle
        self.connection = connection
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Binds values to `?1`, `?2`, … in order, after resetting the statement.
    @discardableResult
    func bind(_ values: SQLiteValue...) throws(SQLiteError) -> SQLiteStatement {
        try bind(values)
    }

    /// Binds an array of values to `?1`, `?2`, … in order.
    @discardableResult
    func bind(_ values: [SQLiteValue]) throws(SQLiteError) -> SQLiteStatement {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .null:
                rc = sqlite3_bind_null(handle, index)
            case .integer(let number):
                rc = sqlite3_bind_int64(handle, index, number)
            case .text(let text):
                var text = text
                // Explicit byte length, so a text holding NUL is stored whole.
                rc = text.withUTF8 {
                    sqlite3_bind_text(handle, index, $0.baseAddress, Int32($0.count), sqliteTransient)
                }
            case .blob(let bytes):
                rc = bytes.withUnsafeBytes {
                    // A zero-length blob still needs a non-nil pointer to stay non-NULL.
                    sqlite3_bind_blob(handle, index, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                                      Int32($0.count), sqliteTransient)
                }
            }
            guard rc == SQLITE_OK else {
                throw SQLiteError(code: rc, message: "bind ?\(index): \(connection.lastErrorMessage)")
            }
        }
        return self
    }

    /// Advances to the next row; false when the statement is done.
    func step() throws(SQLiteError) -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw SQLiteError(code: sqlite3_extended_errcode(sqlite3_db_handle(handle)),
                                   message: connection.lastErrorMessage)
        }
    }

    /// Runs a statement that returns no rows.
    func run() throws(SQLiteError) {
        while try step() {}
    }

    /// Collects every row through `read`.
    func rows<T>(_ read: (SQLiteStatement) throws -> T) throws -> [T] {
        var result: [T] = []
        while try step() { result.append(try read(self)) }
        return result
    }

    /// The first row through `read`, or nil when there is none.
    func firstRow<T>(_ read: (SQLiteStatement) throws -> T) throws -> T? {
        defer { sqlite3_reset(handle) }
        return try step() ? try read(self) : nil
    }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

    func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    func blob(_ column: Int32) -> [UInt8] {
        withBlob(column) { Array($0) }
    }

    /// Lends the column's bytes without copying them; valid only inside `body`.
    func withBlob<T>(_ column: Int32, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        // sqlite3_column_blob before sqlite3_column_bytes, as SQLite documents.
        let pointer = sqlite3_column_blob(handle, column)
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let pointer else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}

/// A value bound to a statement parameter.
enum SQLiteValue {
    case null
    case integer(Int64)
    case text(String)
    case blob([UInt8])

    static func int(_ value: Int) -> SQLiteValue { .integer(Int64(value)) }
}

/// SQLite's "copy the buffer now" destructor, a macro that Swift does not import.
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
