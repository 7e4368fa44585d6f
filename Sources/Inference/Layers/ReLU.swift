/// The rectifier y = max(0, x), applied in place. Most networks fuse it into
/// the preceding layer instead (`appliesReLU`); this is the standalone form.
public enum ReLU {
    /// Replaces every negative value of `tensor` by zero.
    public static func apply(to tensor: inout Tensor) {
        tensor.withMutableValues { values in
            for i in values.indices { values[i] = max(0, values[i]) }
        }
    }
}
