package dev.atlasgate.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** The TLS context of the run: the JDK's trust store, the certificates of a PEM file, or none. */
final class TlsTrust {
  private TlsTrust() {}

  static SSLContext context(BenchConfig.Tls tls) {
    try {
      if (tls.insecure()) {
        return withTrust(new TrustManager[] {new TrustingEverything()});
      }
      if (tls.caCert().isPresent()) {
        return withTrust(fromPem(tls.caCert().get()));
      }
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new BenchException("this JDK has no TLS: " + e.getMessage(), e);
    }
  }

  private static SSLContext withTrust(TrustManager[] trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust, new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new BenchException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static TrustManager[] fromPem(java.nio.file.Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int n = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + n++, certificate);
      }
      if (n == 0) {
        throw new BenchException("--ca-cert " + file + " holds no certificate");
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory.getTrustManagers();
    } catch (IOException | GeneralSecurityException e) {
      throw new BenchException("--ca-cert " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Accepts any certificate and any host name (an extended trust manager, so that the JDK does not
   * add its own host name check): for test deployments with a self-signed certificate only.
   */
  private static final class TrustingEverything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
