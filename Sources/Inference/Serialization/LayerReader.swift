/// Reads the details of one computing layer and checks them against its slot.
///
/// Each layer starts with a tag string naming its serialisation version; the
/// extents that follow must equal the slot's, so that a file written for
/// another network fails here with the layer, offset and both values.
struct LayerReader {
    var stream: DlibStream
    let slot: LayerSlot
    let context: String

    mutating func read() throws(ModelLoadError) -> LayerRecord {
        switch slot {
        case let .convolution(filters, inputChannels, kernel, stride, padding):
            return .convolution(try readConvolution(filters: filters, inputChannels: inputChannels,
                                                    kernel: kernel, stride: stride, padding: padding))
        case let .affine(channels):
            return .affine(try readAffine(channels: channels))
        case .relu:
            try stream.expectString(["relu_"], "\(context): tag")
            return .relu
        case let .pooling(kind, window, stride):
            return .pooling(try readPooling(kind: kind, window: window, stride: stride))
        case .addPrevious:
            try stream.expectString(["add_prev_"], "\(context): tag")
            return .addPrevious
        case let .fullyConnected(outputs, inputs, hasBias):
            return .fullyConnected(try readFullyConnected(outputs: outputs, inputs: inputs, hasBias: hasBias))
        case .marker:
            return .marker
        }
    }

    private mutating func readConvolution(filters: Int, inputChannels: Int, kernel: Int, stride: Int,
                                          padding: Int) throws(ModelLoadError) -> Convolution {
        let tag = try stream.expectString(["con_4", "con_5"], "\(context): tag")
        let params = try stream.readTensor("\(context): parameters")
        for (name, value) in [("filters", filters), ("rows", kernel), ("columns", kernel), ("stride y", stride),
                              ("stride x", stride), ("padding y", padding), ("padding x", padding)] {
            try stream.expectInt(value, "\(context): \(name)")
        }
        let filterShape = TensorShape(samples: filters, channels: inputChannels, rows: kernel, columns: kernel)
        try expectAlias(filterShape, "filter shape")
        let biasShape = try stream.readAliasShape("\(context): bias shape")
        try skipMultipliers()
        let usesBias = tag == "con_5" ? try stream.readBool("\(context): use bias") : true
        let biasCount = usesBias ? filters : 0
        try expectCount(params, filterShape.count + biasCount, biasShape: biasShape, biasCount: biasCount)
        let values = params.values
        return Convolution(outputChannels: filters, inputChannels: inputChannels, kernelRows: kernel,
                           kernelColumns: kernel, strideY: stride, strideX: stride, paddingY: padding,
                           paddingX: padding, weights: Array(values[0..<filterShape.count]),
                           bias: usesBias ? Array(values[filterShape.count...]) : [Float](repeating: 0, count: filters))
    }

    private mutating func readAffine(channels: Int) throws(ModelLoadError) -> ChannelAffine {
        let tag = try stream.expectString(["affine_", "affine_2", "bn_con2"], "\(context): tag")
        let params = try stream.readTensor("\(context): parameters")
        let perChannel = TensorShape(samples: 1, channels: channels, rows: 1, columns: 1)
        try expectAlias(perChannel, "gamma shape")
        try expectAlias(perChannel, "beta shape")
        try expectCount(params, 2 * channels, biasShape: nil, biasCount: 0)
        let gamma = Array(params.values[0..<channels]), beta = Array(params.values[channels...])
        guard tag == "bn_con2" else {
            _ = try stream.readInt("\(context): mode")
            if tag == "affine_2" { _ = try stream.readBool("\(context): disabled flag") }
            return ChannelAffine(scale: gamma, shift: beta)
        }
        var statistics = [[Float]]()
        for name in ["batch means", "batch inverse deviations", "running means", "running variances"] {
            let start = stream.offset
            let tensor = try stream.readTensor("\(context): \(name)")
            guard tensor.shape.count == channels else {
                throw .mismatch(offset: start, context: "\(context): \(name)", expected: "\(channels) values",
                                found: "\(tensor.shape.count)")
            }
            statistics.append(tensor.values)
        }
        _ = try stream.readInt("\(context): update count")
        _ = try stream.readInt("\(context): running window")
        try skipMultipliers()
        let epsilon = try stream.readScalar("\(context): epsilon")
        return ChannelAffine(batchNormGamma: gamma, beta: beta, runningMean: statistics[2],
                             runningVariance: statistics[3], epsilon: epsilon)
    }

    private mutating func readPooling(kind: Pooling.Kind, window: Int, stride: Int) throws(ModelLoadError) -> Pooling {
        try stream.expectString([kind == .max ? "max_pool_2" : "avg_pool_2"], "\(context): tag")
        for (name, value) in [("rows", window), ("columns", window), ("stride y", stride), ("stride x", stride),
                              ("padding y", 0), ("padding x", 0)] {
            try stream.expectInt(value, "\(context): \(name)")
        }
        return Pooling(kind: kind, windowRows: window, windowColumns: window, strideY: stride, strideX: stride)
    }

    private mutating func readFullyConnected(outputs: Int, inputs: Int,
                                             hasBias: Bool) throws(ModelLoadError) -> FullyConnected {
        let tag = try stream.expectString(["fc_2", "fc_3"], "\(context): tag")
        try stream.expectInt(outputs, "\(context): outputs")
        try stream.expectInt(inputs, "\(context): inputs")
        let params = try stream.readTensor("\(context): parameters")
        try expectAlias(TensorShape(samples: inputs, channels: outputs, rows: 1, columns: 1), "weight shape")
        let biasShape = try stream.readAliasShape("\(context): bias shape")
        try stream.expectInt(hasBias ? 0 : 1, "\(context): bias mode")
        try skipMultipliers()
        if tag == "fc_3" { _ = try stream.readBool("\(context): use bias") }
        let biasCount = hasBias ? outputs : 0
        try expectCount(params, inputs * outputs + biasCount, biasShape: hasBias ? biasShape : nil, biasCount: biasCount)
        let values = params.values
        return FullyConnected(inputs: inputs, outputs: outputs, weights: Array(values[0..<inputs * outputs]),
                              bias: hasBias ? Array(values[(inputs * outputs)...]) : nil)
    }

    /// Learning-rate and weight-decay multipliers: training-only scalars.
    private mutating func skipMultipliers() throws(ModelLoadError) {
        for name in ["learning rate", "weight decay", "bias learning rate", "bias weight decay"] {
            _ = try stream.readScalar("\(context): \(name) multiplier")
        }
    }

    private mutating func expectAlias(_ expected: TensorShape, _ name: String) throws(ModelLoadError) {
        let start = stream.offset
        let found = try stream.readAliasShape("\(context): \(name)")
        guard found == expected else {
            throw .mismatch(offset: start, context: "\(context): \(name)", expected: "\(expected)", found: "\(found)")
        }
    }

    /// Checks the parameter tensor holds exactly the weights the slot needs.
    private func expectCount(_ params: Tensor, _ expected: Int, biasShape: TensorShape?,
                             biasCount: Int) throws(ModelLoadError) {
        guard params.shape.count == expected, (biasShape?.count ?? biasCount) == biasCount else {
            throw .mismatch(offset: stream.offset, context: "\(context): parameter count", expected: "\(expected)",
                            found: "\(params.shape.count)")
        }
    }
}
