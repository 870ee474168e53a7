import Foundation
import Testing
import TidemarkS3

#if canImport(Glibc)
import Glibc
#endif

/// Cancelling the task of an S3 call aborts its libcurl transfer, however
/// long the region would make it wait: what lets a collector with a hung
/// region leave within its shutdown grace period.
@Suite("S3 client: cancellation aborts transfers")
struct S3CancellationTests {
    /// A loopback listener that accepts connections and never answers (a hung server, as a
    /// SIGSTOPped one looks to a client once the kernel has completed the handshake).
    final class SilentServer: @unchecked Sendable {
        let fd: Int32
        let port: Int
        private var accepted: [Int32] = []
        private let lock = NSLock()

        init() throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw CollectorTestError("socket failed") }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                    bind(fd, pointer, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, pointer, &length) == 0
                }
            }
            guard bound else {
                Glibc.close(fd)
                throw CollectorTestError("bind/listen failed: errno \(errno)")
            }
            self.fd = fd
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        /// Waits (off the cooperative pool) until a client has connected, and keeps that connection open.
        func acceptOne() async {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                DispatchQueue.global().async {
                    let client = accept(self.fd, nil, nil)
                    self.lock.withLock { self.accepted.append(client) }
                    continuation.resume()
                }
            }
        }

        func close() {
            for client in lock.withLock({ accepted }) where client >= 0 { Glibc.close(client) }
            Glibc.close(fd)
        }
    }

    /// A client whose own limits would keep it waiting on a hung server for minutes.
    static func patientClient(port: Int, region: String = "hung") throws -> S3Client {
        var configuration = S3Configuration(
            name: region, endpoint: "http://127.0.0.1:\(port)", bucket: "b", signingRegion: "us-east-1",
            accessKey: "k", secretKey: "s")
        configuration.lowSpeedSeconds = 600
        configuration.baseTimeoutMs = 600_000
        return try S3Client(configuration)
    }

    @Test(arguments: ["PUT", "GET"])
    func cancellingAnInFlightTransferToAHungServerEndsItAsCancelled(_ operation: String) async throws {
        let server = try SilentServer()
        defer { server.close() }
        let client = try Self.patientClient(port: server.port)
        let call = Task { () -> S3Error? in
            do throws(S3Error) {
                if operation == "PUT" {
                    _ = try await client.putObject(
                        key: "a/b.json", body: Array(repeating: 7, count: 1000), contentType: "application/json",
                        metadata: [:], ifNoneMatch: false)
                } else {
                    _ = try await client.getObject(key: "a/b.json")
                }
                return nil
            } catch {
                return error
            }
        }
        // The request is on the wire once the server has its connection; then the caller gives up.
        await server.acceptOne()
        call.cancel()
        let error = await call.value
        #expect(error?.kind == .cancelled, "\(String(describing: error))")
        #expect(error?.isUnavailable == false, "a cancelled call must not mark the region down")
        #expect(error?.description.contains("region hung: \(operation)") == true, "\(String(describing: error))")
    }

    @Test func aCallWhoseTaskIsAlreadyCancelledNeverStarts() async throws {
        let server = try SilentServer()
        defer { server.close() }
        let client = try Self.patientClient(port: server.port)
        let call = Task { () -> S3Error? in
            withUnsafeCurrentTask { $0?.cancel() }
            do throws(S3Error) {
                _ = try await client.headObject(key: "a")
                return nil
            } catch {
                return error
            }
        }
        let error = await call.value
        #expect(error?.kind == .cancelled, "\(String(describing: error))")
    }
}
