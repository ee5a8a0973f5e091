/**
 * How many SMS parts a text costs (REFERENCES "Twilio"): GSM-7 fits 160 characters in one part and
 * 153 per part when split; a single character outside GSM-7 (é is in it, ł and emoji are not) makes
 * the whole text UCS-2: 70, then 67 per part (UTF-16 code units, so an emoji counts twice).
 */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The extension table: each takes two septets (an escape and the character). */
const GSM_EXTENDED = '^{}\\[~]|€\f';

export interface SmsSegments {
  encoding: 'GSM-7' | 'UCS-2';
  /** Characters as the network counts them (septets for GSM-7, UTF-16 units for UCS-2). */
  length: number;
  segments: number;
  /** Room left in the last part. */
  remaining: number;
}

export function smsSegments(text: string): SmsSegments {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (GSM_BASIC.includes(ch)) septets += 1;
    else if (GSM_EXTENDED.includes(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  const [length, single, multi] = gsm ? [septets, 160, 153] : [text.length, 70, 67];
  const segments = length === 0 ? 0 : length <= single ? 1 : Math.ceil(length / multi);
  const capacity = segments <= 1 ? single : segments * multi;
  return { encoding: gsm ? 'GSM-7' : 'UCS-2', length, segments, remaining: capacity - length };
}
