import { useEffect, useRef, useState } from 'react';
import { Button, Form, Label, Radio, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { ModalDialog } from '@web/components/Modal';
import { useSubmission } from '@web/components/useSubmission';
import { FLAG_REASONS, portalApi, type FlagReason, type ItemType } from '../api';

/**
 * "Report": a participant tells the moderators that a published statement or contribution should
 * not be there (abuse, spam, personal data). The dialog returns focus to the button when it closes.
 */
export function FlagButton({ consultationId, itemType, itemId, number }: { consultationId: string; itemType: ItemType; itemId: string; number: number }) {
  const { t } = useTranslation('participation');
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<FlagReason | null>(null);
  const [done, setDone] = useState(false);
  const { error, submit } = useSubmission();
  const itemLabel = t(`flag.item.${itemType}`, { number });
  const thanks = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    // The button that opened the dialog is gone: focus goes to the words that replace it.
    if (done) window.setTimeout(() => thanks.current?.focus(), 0);
  }, [done]);

  if (done) {
    return (
      <p ref={thanks} tabIndex={-1} role="status" className="pa-flag-status" data-testid="flag-done">
        {t('flag.thanks')}
      </p>
    );
  }
  return (
    <div className="pa-flag">
      <Button className="button button-small pa-flag-button" onPress={() => setOpen(true)} aria-label={t('flag.buttonLabel', { item: itemLabel })}>
        {t('flag.button')}
      </Button>
      <ModalDialog isOpen={open} onClose={() => setOpen(false)} title={t('flag.title', { item: itemLabel })}>
        <Form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!reason) return;
            submit(async () => {
              await portalApi.flag(consultationId, itemType, itemId, reason);
              setDone(true);
              setOpen(false);
            });
          }}
        >
          <ErrorSummary error={error} />
          <p>{t('flag.intro')}</p>
          <RadioGroup className="pa-radio-group" value={reason} onChange={(v) => setReason(v as FlagReason)} isRequired name="reason">
            <Label className="field-label">{t('flag.reasonLabel')}</Label>
            {FLAG_REASONS.map((r) => (
              <Radio key={r} value={r} className="pa-radio">
                {t(`flag.reasons.${r}`)}
              </Radio>
            ))}
          </RadioGroup>
          <div className="form-actions">
            <Button type="submit" className="button button-primary"  isDisabled={!reason}>
              {t('flag.send')}
            </Button>
            <Button className="button" onPress={() => setOpen(false)}>
              {t('common.cancel')}
            </Button>
          </div>
        </Form>
      </ModalDialog>
    </div>
  );
}
