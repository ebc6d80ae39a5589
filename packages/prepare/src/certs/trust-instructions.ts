/** What a client machine needs to trust the generated CA: docker, containerd and the OS store. */
export function trustInstructions(target: { hostname: string; port: number; caCertificate: string }): string {
  // docker and containerd name the folder host[:port], the port left out when it is 443.
  const hostPort = target.port === 443 ? target.hostname : `${target.hostname}:${target.port}`;
  const url = `https://${hostPort}`;
  const ca = target.caCertificate;
  const storeName = `harbor-ts-${target.hostname.replace(/[^A-Za-z0-9.-]/g, '_')}.crt`;
  return `Next:
  1. Run ./prepare (or ./install.sh) again, so nginx serves the new certificate.
  2. On every machine that pushes or pulls, trust the CA (${ca}):

  docker (no restart needed):
    sudo mkdir -p /etc/docker/certs.d/${hostPort}
    sudo cp ${ca} /etc/docker/certs.d/${hostPort}/ca.crt
    docker login ${hostPort}

  containerd (Kubernetes nodes; needs config_path = "/etc/containerd/certs.d" under
  [plugins."io.containerd.grpc.v1.cri".registry] in /etc/containerd/config.toml, then one restart):
    sudo mkdir -p /etc/containerd/certs.d/${hostPort}
    sudo cp ${ca} /etc/containerd/certs.d/${hostPort}/ca.crt
    printf '%s\\n' 'server = "${url}"' '' '[host."${url}"]' '  capabilities = ["pull", "resolve", "push"]' \\
      '  ca = "/etc/containerd/certs.d/${hostPort}/ca.crt"' | sudo tee /etc/containerd/certs.d/${hostPort}/hosts.toml

  the system store (curl, helm, podman; Debian/Ubuntu):
    sudo cp ${ca} /usr/local/share/ca-certificates/${storeName}
    sudo update-ca-certificates
`;
}
