/// Hands out the records of a parsed network in definition order, fusing each
/// convolution with the affine and ReLU that follow it.
///
/// The records were checked against the same definition that drives the
/// cursor, so a kind mismatch here is a bug in the definition, not bad input.
struct LayerRecordCursor {
    private var records: ArraySlice<LayerRecord>

    init(_ records: [LayerRecord]) {
        self.records = records[...]
    }

    var isAtEnd: Bool { records.isEmpty }

    /// A convolution with the next affine folded in, and the ReLU fused when
    /// the next record after that is one.
    mutating func fusedConvolution() -> Convolution {
        guard case let .convolution(convolution)? = records.popFirst() else { preconditionFailure("expected a convolution") }
        var fused = convolution
        if case let .affine(affine)? = records.first {
            records.removeFirst()
            fused = fused.folding(affine)
        }
        if case .relu? = records.first {
            records.removeFirst()
            fused = fused.withReLU()
        }
        return fused
    }

    /// The next pooling layer, skipping tag and skip markers before it.
    mutating func pooling() -> Pooling {
        skipMarkers()
        guard case let .pooling(pooling)? = records.popFirst() else { preconditionFailure("expected a pooling layer") }
        return pooling
    }

    /// Consumes an add_prev and the ReLU after it; returns the fused add.
    mutating func residualAdd() -> ResidualAdd {
        guard case .addPrevious? = records.popFirst() else { preconditionFailure("expected add_prev") }
        guard case .relu? = records.first else { return ResidualAdd() }
        records.removeFirst()
        return ResidualAdd(appliesReLU: true)
    }

    mutating func fullyConnected() -> FullyConnected {
        guard case let .fullyConnected(layer)? = records.popFirst() else { preconditionFailure("expected fc") }
        return layer
    }

    mutating func skipMarkers() {
        while case .marker? = records.first { records.removeFirst() }
    }
}
