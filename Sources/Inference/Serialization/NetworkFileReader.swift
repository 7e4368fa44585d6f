// Walks a dlib network file in order and checks it against a definition.
//
// dlib serialises a network recursively, each layer writing its version, then
// its sub-network, then its own details. So after the loss block the file holds
// every layer's version number from the output down, then the input block and
// the first layer's details, then every other layer's details from the input up:
//
//   loss: version 1, loss details
//   headers, output → input: add_layer version (1 or 2) | tag/skip version 1
//   bottom add_layer: version (2 or 3), input details, layer details,
//                     3 bools, x_grad, cached_output, grad_final, [expansion factor]
//   every other add_layer, input → output: details, 3 bools, x_grad,
//                     cached_output, [params_grad if version 2]
//
// Tag and skip layers write nothing after their version.
struct NetworkFileReader {
    private var stream: DlibStream
    private let definition: NetworkDefinition

    /// Reads `definition` from `stream`; the file must end right after it.
    static func read(_ definition: NetworkDefinition, from stream: DlibStream) throws(ModelLoadError) -> ParsedNetwork {
        var reader = NetworkFileReader(stream: stream, definition: definition)
        return try reader.readNetwork()
    }

    private mutating func readNetwork() throws(ModelLoadError) -> ParsedNetwork {
        let slots = definition.slots
        guard let bottom = slots.first, bottom.isComputing else {
            preconditionFailure("NetworkDefinition \(definition.name): the first layer must compute")
        }
        try stream.expectInt(1, "\(definition.name): loss layer version")
        let detectionLoss = try readLoss()

        var versions = [Int](repeating: 0, count: slots.count)
        for index in slots.indices.dropFirst().reversed() {
            let context = context(index, "version")
            let start = stream.offset
            let version = try stream.readInt(context)
            let accepted = slots[index].isComputing ? 1...2 : 1...1
            guard accepted.contains(version) else {
                throw .mismatch(offset: start, context: context,
                                expected: "\(slots[index].isComputing ? "add_layer" : "tag/skip layer") version \(accepted)",
                                found: "\(version)")
            }
            versions[index] = version
        }

        let start = stream.offset
        let bottomVersion = try stream.readInt(context(0, "version"))
        guard (2...3).contains(bottomVersion) else {
            throw .mismatch(offset: start, context: context(0, "version"), expected: "2...3", found: "\(bottomVersion)")
        }
        let input = try readInput()
        var layers = [try readDetails(of: 0)]
        try skipLayerState(of: 0, trailing: ["grad_final"])
        if bottomVersion == 3 { _ = try stream.readInt(context(0, "sample expansion factor")) }

        for index in slots.indices.dropFirst() {
            guard slots[index].isComputing else {
                layers.append(.marker)
                continue
            }
            layers.append(try readDetails(of: index))
            try skipLayerState(of: index, trailing: versions[index] == 2 ? ["params_grad"] : [])
        }
        guard stream.isAtEnd else { throw .trailingBytes(offset: stream.offset, count: stream.remaining) }
        return ParsedNetwork(input: input, detectionLoss: detectionLoss, layers: layers)
    }

    /// Reads the training-time state dlib stores with every layer; inference
    /// needs none of it, but it must parse.
    private mutating func skipLayerState(of index: Int, trailing: [String]) throws(ModelLoadError) {
        for flag in ["setup flag", "gradient flag", "output flag"] { _ = try stream.readBool(context(index, flag)) }
        for name in ["x_grad", "cached_output"] + trailing { _ = try stream.readTensor(context(index, name)) }
    }

    private mutating func readLoss() throws(ModelLoadError) -> DetectionLossParameters? {
        switch definition.loss {
        case .metric:
            let tag = try stream.expectString(["loss_metric_", "loss_metric_2"], "\(definition.name): loss tag")
            if tag == "loss_metric_2" {
                _ = try stream.readScalar("metric loss margin")
                _ = try stream.readScalar("metric loss distance threshold")
            }
            return nil
        case .mmod:
            try stream.expectString(["loss_mmod_"], "\(definition.name): loss tag")
            return try readDetectionOptions()
        }
    }

    /// Reads `mmod_options` version 1 (one detector window), the version of
    /// dlib's published face detector.
    private mutating func readDetectionOptions() throws(ModelLoadError) -> DetectionLossParameters {
        try stream.expectInt(1, "MMOD options version")
        var options = DetectionLossParameters()
        options.windowWidth = try stream.readInt("MMOD detector window width")
        options.windowHeight = try stream.readInt("MMOD detector window height")
        for name in ["loss per false alarm", "loss per missed target", "truth match IoU"] {
            _ = try stream.readScalar("MMOD \(name)")
        }
        options.nmsIoUThreshold = try stream.readScalar("MMOD NMS IoU threshold")
        options.nmsCoveredThreshold = try stream.readScalar("MMOD NMS covered threshold")
        _ = try stream.readScalar("MMOD ignore IoU threshold")
        _ = try stream.readScalar("MMOD ignore covered threshold")
        guard options.windowWidth > 0, options.windowHeight > 0,
              (0...1).contains(options.nmsIoUThreshold), (0...1).contains(options.nmsCoveredThreshold) else {
            throw .mismatch(offset: stream.offset, context: "MMOD options", expected: "a positive window and thresholds in 0...1",
                            found: "\(options)")
        }
        return options
    }

    private mutating func readInput() throws(ModelLoadError) -> InputParameters {
        switch definition.input {
        case let .rgbImageSized(rows, columns):
            try stream.expectString(["input_rgb_image_sized"], "input layer tag")
            let input = InputParameters(mean: try readMeans())
            try stream.expectInt(rows, "input rows")
            try stream.expectInt(columns, "input columns")
            return input
        case .rgbImagePyramid:
            let tag = try stream.expectString(["input_rgb_image_pyramid", "input_rgb_image_pyramid2"], "input layer tag")
            var input = InputParameters(mean: try readMeans(), pyramidPadding: 10, pyramidOuterPadding: 11)
            if tag == "input_rgb_image_pyramid2" {
                input.pyramidPadding = try stream.readInt("pyramid padding")
                input.pyramidOuterPadding = try stream.readInt("pyramid outer padding")
            }
            return input
        }
    }

    private mutating func readMeans() throws(ModelLoadError) -> (red: Float, green: Float, blue: Float) {
        (Float(try stream.readScalar("input mean red")), Float(try stream.readScalar("input mean green")),
         Float(try stream.readScalar("input mean blue")))
    }

    private mutating func readDetails(of index: Int) throws(ModelLoadError) -> LayerRecord {
        var layer = LayerReader(stream: stream, slot: definition.slots[index], context: context(index, ""))
        let record = try layer.read()
        stream = layer.stream
        return record
    }

    private func context(_ index: Int, _ what: String) -> String {
        "\(definition.name) layer \(index + 1) of \(definition.slots.count) (\(definition.slots[index].summary))"
            + (what.isEmpty ? "" : ": \(what)")
    }
}
