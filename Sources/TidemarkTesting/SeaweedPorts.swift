/// The TCP ports one `weed server` listens on, all on 127.0.0.1.
struct SeaweedPorts: Sendable {
    /// S3 gateway (what clients are configured with).
    var s3: Int
    /// S3 gateway gRPC.
    var s3Grpc: Int
    /// Master HTTP.
    var master: Int
    /// Master gRPC.
    var masterGrpc: Int
    /// Volume server HTTP.
    var volume: Int
    /// Volume server gRPC.
    var volumeGrpc: Int
    /// Filer HTTP.
    var filer: Int
    /// Filer gRPC.
    var filerGrpc: Int

    /// Every port, for waiting until all are free again.
    var all: [Int] { [s3, s3Grpc, master, masterGrpc, volume, volumeGrpc, filer, filerGrpc] }

    /// Eight fresh free ports.
    static func allocate() throws(SeaweedError) -> SeaweedPorts {
        let ports = try FreePorts.allocate(8)
        return SeaweedPorts(
            s3: ports[0], s3Grpc: ports[1], master: ports[2], masterGrpc: ports[3],
            volume: ports[4], volumeGrpc: ports[5], filer: ports[6], filerGrpc: ports[7]
        )
    }

    /// `weed server` flags binding every component to these ports.
    var arguments: [String] {
        [
            "-s3.port=\(s3)", "-s3.port.grpc=\(s3Grpc)",
            "-master.port=\(master)", "-master.port.grpc=\(masterGrpc)",
            "-volume.port=\(volume)", "-volume.port.grpc=\(volumeGrpc)",
            "-filer.port=\(filer)", "-filer.port.grpc=\(filerGrpc)",
        ]
    }
}
