/// The index's mutable state, owned by one writer at a time (it lives inside
/// the index's writer lock): id map, chunk slots, staging rows, the mean.
///
/// Every mutation ends by building a new `IndexSnapshot`; rows a snapshot can
/// see are never modified afterwards, only tombstoned.
struct IndexWriter {
    let dimension: Int
    private(set) var locations: [Int64: RowLocation] = [:]
    /// Chunks by stable slot (a slot's rows keep their location until compaction).
    var slots: [CodeChunk?] = []
    var deletedInSlot: [Int] = []
    /// The chunks in scan order, shared with snapshots (rebuilt when slots change).
    var scanList: [CodeChunk] = []
    private(set) var staging: StagingRows
    private(set) var stagingCount = 0
    private(set) var mean: [Float]?
    private let arena: PlaneArena
    var rowsInChunks = 0
    var deletedInChunks = 0

    init(dimension: Int) {
        self.dimension = dimension
        staging = StagingRows(capacity: 64, dimension: dimension)
        arena = PlaneArena(blockBytes: CodeChunk.planeBytes(paddedDimension: CodeChunk.paddedDimension(dimension)))
    }

    var snapshot: IndexSnapshot {
        IndexSnapshot(dimension: dimension, mean: mean, chunks: scanList, staging: staging, stagingCount: stagingCount)
    }

    var count: Int { locations.count }

    /// Reserves the id map for `capacity` ids (bulk loads avoid rehashing).
    mutating func reserveCapacity(_ capacity: Int) {
        locations.reserveCapacity(capacity)
    }

    /// Throws unless `vector` can be stored: right dimension, finite values.
    func validate(_ vector: UnsafeBufferPointer<Float>) throws(VectorIndexError) {
        guard vector.count == dimension else {
            throw .dimensionMismatch(expected: dimension, actual: vector.count)
        }
        guard vector.allSatisfy(\.isFinite) else { throw .nonFiniteValue }
    }

    /// Appends a validated vector under a new id.
    mutating func append(id: Int64, vector: UnsafeBufferPointer<Float>) {
        if stagingCount == staging.capacity {
            if staging.capacity < StagingRows.maxCapacity {
                staging = staging.grown(rows: stagingCount)
            } else {
                flushStaging()
            }
        }
        staging.write(row: stagingCount, id: id, vector: vector)
        locations[id] = RowLocation(stagingRow: stagingCount)
        stagingCount += 1
    }

    /// Tombstones `id`'s row; false when the id is unknown.
    mutating func remove(id: Int64) -> Bool {
        guard let location = locations.removeValue(forKey: id) else { return false }
        if let slot = location.slot {
            slots[slot]!.tombstones.set(location.row)
            deletedInSlot[slot] += 1
            deletedInChunks += 1
        } else {
            staging.tombstones.set(location.row)
        }
        return true
    }

    func contains(id: Int64) -> Bool { locations[id] != nil }

    /// Moves the live staging rows into a new chunk and starts an empty staging buffer.
    private mutating func flushStaging() {
        var ids: [Int64] = []
        var vectors: [Float] = []
        ids.reserveCapacity(stagingCount)
        vectors.reserveCapacity(stagingCount * dimension)
        for row in 0..<stagingCount where !staging.tombstones.contains(row) {
            ids.append(staging.ids[row])
            vectors.append(contentsOf: staging.vector(row: row))
        }
        staging = StagingRows(capacity: StagingRows.maxCapacity, dimension: dimension)
        stagingCount = 0
        guard !ids.isEmpty else { return }
        let mean = self.mean ?? Self.mean(of: vectors, dimension: dimension)
        self.mean = mean
        let chunk = vectors.withUnsafeBufferPointer {
            CodeChunk(encoding: $0.baseAddress!, ids: ids, dimension: dimension, mean: mean, arena: arena)
        }
        insert([chunk])
    }

    /// Places new chunks in free slots (or new ones) and points their ids there.
    mutating func insert(_ chunks: [CodeChunk]) {
        var free = slots.indices.filter { slots[$0] == nil }.makeIterator()
        for chunk in chunks {
            let slot: Int
            if let reused = free.next() {
                slot = reused
                slots[slot] = chunk
                deletedInSlot[slot] = 0
            } else {
                slot = slots.count
                slots.append(chunk)
                deletedInSlot.append(0)
            }
            for row in 0..<chunk.count {
                locations[chunk.ids[row]] = RowLocation(slot: slot, row: row)
            }
            rowsInChunks += chunk.count
        }
        scanList = slots.compactMap { $0 }
    }

    /// The centring mean: the first chunk's average vector, so that codes of
    /// not-zero-centred data (face embeddings) spend their bits on what differs.
    private static func mean(of vectors: [Float], dimension: Int) -> [Float] {
        var sum = [Double](repeating: 0, count: dimension)
        let rows = vectors.count / dimension
        for row in 0..<rows {
            for j in 0..<dimension { sum[j] += Double(vectors[row * dimension + j]) }
        }
        return sum.map { Float($0 / Double(rows)) }
    }

    /// Estimated bytes held: chunks (with their arena), staging, id map, mean.
    var memoryBytes: Int {
        let chunkBytes = scanList.reduce(0) { $0 + $1.byteCount } + arena.reservedBytes
        // Swift's Dictionary: power-of-two buckets at ≤ 75 % load, key + value + bitmap bit.
        let needed = (locations.capacity * 4 + 2) / 3
        let buckets = needed <= 1 ? needed : 1 << (Int.bitWidth - (needed - 1).leadingZeroBitCount)
        let mapBytes = buckets * (MemoryLayout<Int64>.stride + MemoryLayout<RowLocation>.stride) + buckets / 8
        // Plus the mean and the slot tables (a reference and a count per slot).
        return chunkBytes + staging.byteCount + mapBytes + dimension * 4 + slots.count * 16
    }
}
