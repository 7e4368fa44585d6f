extension FeatureMap {
    /// Makes this map (one sample, no border) a copy of the window `rows` ×
    /// `columns` of sample 0 of `source`; both ranges must lie inside it.
    public mutating func load(window rows: Range<Int>, columns: Range<Int>, of source: FeatureMap) {
        precondition(rows.lowerBound >= 0 && rows.upperBound <= source.rows
                     && columns.lowerBound >= 0 && columns.upperBound <= source.columns,
                     "FeatureMap: window outside the source")
        reshape(samples: 1, rows: rows.count, columns: columns.count, channels: source.channels)
        let (from, to) = (source.layout, layout)
        source.withUnsafeValues { sourceValues in
            withUnsafeMutableValues { values in
                for row in 0..<rows.count {
                    let start = sourceValues.baseAddress! + from.index(sample: 0, row: rows.lowerBound + row,
                                                                       column: columns.lowerBound)
                    (values.baseAddress! + to.index(sample: 0, row: row, column: 0))
                        .update(from: start, count: columns.count * from.channels)
                }
            }
        }
    }
}
