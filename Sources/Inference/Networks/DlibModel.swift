/// A network that is read from a dlib `.dat` file.
public protocol DlibModel: Sendable {
    /// Reads the whole network from `stream`, checking it against the
    /// network's definition; the stream must end right after it.
    init(stream: DlibStream) throws(ModelLoadError)
}

extension DlibModel {
    /// Loads the network from a dlib `.dat` file.
    public init(contentsOf path: String) throws(ModelLoadError) {
        try self.init(stream: DlibStream(contentsOf: path))
    }

    /// Loads the network from the bytes of a dlib `.dat` file.
    public init(bytes: [UInt8]) throws(ModelLoadError) {
        try self.init(stream: DlibStream(bytes: bytes))
    }
}
