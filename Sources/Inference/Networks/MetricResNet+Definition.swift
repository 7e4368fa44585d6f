extension MetricResNet {
    /// One residual block: output channels, and whether it halves the size.
    struct BlockPlan: Sendable {
        let channels: Int
        let downsamples: Bool
    }

    /// The 14 residual blocks, input to output (dlib's alevel4 … alevel0).
    static let blockPlan: [BlockPlan] =
        Array(repeating: BlockPlan(channels: 32, downsamples: false), count: 3)
        + [BlockPlan(channels: 64, downsamples: true)] + Array(repeating: BlockPlan(channels: 64, downsamples: false), count: 3)
        + [BlockPlan(channels: 128, downsamples: true)] + Array(repeating: BlockPlan(channels: 128, downsamples: false), count: 2)
        + [BlockPlan(channels: 256, downsamples: true)] + Array(repeating: BlockPlan(channels: 256, downsamples: false), count: 2)
        + [BlockPlan(channels: 256, downsamples: true)]

    /// The file layout: 29 con, 29 affine, 29 relu, 14 add_prev, 1 max pool,
    /// 5 avg pools, 1 fc, plus the tag and skip markers of the residual paths.
    static let definition: NetworkDefinition = {
        var slots: [LayerSlot] = [
            .convolution(filters: 32, inputChannels: 3, kernel: 7, stride: 2, padding: 0),
            .affine(channels: 32), .relu, .pooling(.max, window: 3, stride: 2),
        ]
        var channels = 32
        for block in blockPlan {
            let stride = block.downsamples ? 2 : 1
            slots += [
                .marker,
                .convolution(filters: block.channels, inputChannels: channels, kernel: 3, stride: stride,
                             padding: block.downsamples ? 0 : 1),
                .affine(channels: block.channels), .relu,
                .convolution(filters: block.channels, inputChannels: block.channels, kernel: 3, stride: 1, padding: 1),
                .affine(channels: block.channels),
            ]
            if block.downsamples { slots += [.marker, .marker, .pooling(.average, window: 2, stride: 2)] }
            slots += [.addPrevious, .relu]
            channels = block.channels
        }
        slots += [.pooling(.average, window: 0, stride: 1),
                  .fullyConnected(outputs: outputSize, inputs: channels, hasBias: false)]
        return NetworkDefinition(name: "ResNet metric network", loss: .metric,
                                 input: .rgbImageSized(rows: inputSize, columns: inputSize), slots: slots)
    }()
}
