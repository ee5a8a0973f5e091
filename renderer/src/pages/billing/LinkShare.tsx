import { Button, CopyButton } from '@mantine/core';
import { IconCheck, IconCopy, IconExternalLink } from '@tabler/icons-react';

/**
 * The ways to hand a Stripe page to the member besides its QR code, shared by the Add-card dialog and
 * the invoice's confirm-payment section: open it in the browser, or copy it to paste in a message.
 */
export function OpenLinkButton({ url }: { url: string }) {
  return (
    <Button
      variant="default"
      leftSection={<IconExternalLink size={16} />}
      onClick={() => window.open(url, '_blank', 'noopener,noreferrer')}
    >
      Open in browser
    </Button>
  );
}

export function CopyLinkButton({ url }: { url: string }) {
  return (
    <CopyButton value={url}>
      {({ copied, copy }) => (
        <Button
          variant="default"
          color={copied ? 'teal' : undefined}
          leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
          onClick={copy}
        >
          {copied ? 'Link copied' : 'Copy link'}
        </Button>
      )}
    </CopyButton>
  );
}
