extension FeatureMap {
    /// The values of `tensor` in channels-last order, with a zero border.
    public init(_ tensor: Tensor, border: Int = 0) {
        let s = tensor.shape
        self.init(samples: s.samples, rows: s.rows, columns: s.columns, channels: s.channels, border: border)
        load(tensor)
    }

    /// Replaces the interior by the values of `tensor` (the shapes must agree).
    mutating func load(_ tensor: Tensor) {
        let s = tensor.shape
        precondition(s.samples == samples && s.channels == channels && s.rows == rows && s.columns == columns,
                     "FeatureMap: tensor \(s) does not fit \(samples)×\(rows)×\(columns)×\(channels)")
        let layout = layout
        tensor.withValues { source in
            withUnsafeMutableValues { values in
                for n in 0..<s.samples {
                    for c in 0..<s.channels {
                        for y in 0..<s.rows {
                            let from = source.baseAddress! + ((n * s.channels + c) * s.rows + y) * s.columns
                            let to = values.baseAddress! + layout.index(sample: n, row: y, column: 0) + c
                            for x in 0..<s.columns { to[x * s.channels] = from[x] }
                        }
                    }
                }
            }
        }
    }
}

extension Tensor {
    /// The interior of `map` in N×C×H×W order.
    public init(_ map: FeatureMap) {
        self.init(shape: TensorShape(channels: 0, rows: 0, columns: 0))
        load(map)
    }

    /// Takes the shape and values of `map`'s interior, reusing the storage.
    mutating func load(_ map: FeatureMap) {
        let s = TensorShape(samples: map.samples, channels: map.channels, rows: map.rows, columns: map.columns)
        reshape(to: s)
        let layout = map.layout
        map.withUnsafeValues { source in
            withMutableValues { values in
                for n in 0..<s.samples {
                    for c in 0..<s.channels {
                        for y in 0..<s.rows {
                            let from = source.baseAddress! + layout.index(sample: n, row: y, column: 0) + c
                            let to = values.baseAddress! + ((n * s.channels + c) * s.rows + y) * s.columns
                            for x in 0..<s.columns { to[x] = from[x * s.channels] }
                        }
                    }
                }
            }
        }
    }
}
