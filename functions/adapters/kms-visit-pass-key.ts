import { GenerateMacCommand, KMSInvalidMacException, KMSClient, VerifyMacCommand } from '@aws-sdk/client-kms';
import type { VisitPassKey } from '../api/visit-pass';

/**
 * The visit-pass key on AWS: a KMS HMAC_256 key (GENERATE_VERIFY_MAC). The secret never leaves KMS;
 * only the API's role may use it (lib/visit-pass.ts), so nothing that can read the Lambda's memory or
 * environment can mint a pass. VerifyMac answers a wrong MAC with KMSInvalidMacException.
 */
export class KmsVisitPassKey implements VisitPassKey {
  constructor(private readonly options: { readonly client: KMSClient; readonly keyId: string }) {}

  async sign(data: Uint8Array): Promise<Uint8Array> {
    const { Mac } = await this.options.client.send(new GenerateMacCommand({ KeyId: this.options.keyId, MacAlgorithm: 'HMAC_SHA_256', Message: data }));
    if (!Mac) throw new Error('KMS GenerateMac returned no MAC');
    return Mac;
  }

  async verify(data: Uint8Array, mac: Uint8Array): Promise<boolean> {
    try {
      const { MacValid } = await this.options.client.send(new VerifyMacCommand({ KeyId: this.options.keyId, MacAlgorithm: 'HMAC_SHA_256', Message: data, Mac: mac }));
      return MacValid === true;
    } catch (error) {
      if (error instanceof KMSInvalidMacException) return false;
      throw error;
    }
  }
}
