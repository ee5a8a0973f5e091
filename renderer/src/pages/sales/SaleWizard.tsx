import { useCallback, useEffect, useMemo, useState } from 'react';
import { Button, Group, Modal, Stepper, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconArrowLeft, IconArrowRight } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { memberInput } from '../../../../shared/contract/members';
import type { Sale, SalePayResult } from '../../../../shared/contract';
import { api } from '../../api';
import { notifyError } from '../../app/notify';
import { fieldErrorsOf, validateWith, type FieldErrors } from '../../components/forms';
import { cardKeys } from '../billing/cards';
import { newRequestKey } from './requestKey';
import { MemberStep, type MemberChoice } from './MemberStep';
import { PaymentStep } from './PaymentStep';
import { PlanStep, type PlanChoice } from './PlanStep';
import { SaleResult } from './SaleResult';
import { cancelSale, confirmCancelSale, refreshAfterSale } from './saleActions';
import { closeSaleWizard, useSaleWizard, type SaleMember } from './saleStore';
import { useSalePreview, type SalePreviewInput } from './useSalePreview';

/** The one "Sell membership" dialog of the app (opened from the header, Ctrl+K or a member's page). */
export function SellMembershipModal() {
  const { opened, member, resume, session } = useSaleWizard();
  const [guard, setGuard] = useState<(() => void) | null>(null);
  return (
    <Modal
      opened={opened}
      onClose={() => (guard ? guard() : closeSaleWizard())}
      title="Sell membership"
      size={1040}
      closeOnClickOutside={false}
    >
      {opened && <SaleWizard key={session} member={member} resume={resume} setGuard={setGuard} />}
    </Modal>
  );
}

const blankMember = { firstName: '', lastName: '', email: '', phone: '' };
const optional = (v: string) => v.trim() || undefined;

function SaleWizard({
  member,
  resume,
  setGuard,
}: {
  member: SaleMember | null;
  /** An unpaid sale to take the payment of: the wizard opens at its payment step. */
  resume: Sale | null;
  /** What closing the dialog does: while a sale waits for payment, ask first. */
  setGuard: React.Dispatch<React.SetStateAction<(() => void) | null>>;
}) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [step, setStep] = useState(resume ? 2 : member ? 1 : 0);
  const [who, setWho] = useState<MemberChoice>({
    mode: 'existing',
    memberId: member?.id ?? resume?.memberId ?? null,
    memberLabel: member ? `${member.firstName} ${member.lastName}` : (resume?.memberName ?? ''),
    newMember: blankMember,
  });
  // `collection` stays null until the desk chooses: renewals then follow the card on file.
  const [choice, setPlan] = useState<
    Omit<PlanChoice, 'collection'> & { collection: PlanChoice['collection'] | null }
  >({
    planId: null,
    startDate: '',
    billingDay: '',
    coupon: '',
    appliedCoupon: '',
    collection: null,
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [requestKey] = useState(newRequestKey);
  const [sale, setSale] = useState<Sale | null>(resume);
  const [done, setDone] = useState<{ sale: Sale; message: string } | null>(null);
  // A reopened sale may have moved on since its notice was shown (paid on Stripe's page, ended).
  useEffect(() => {
    if (!resume) return;
    api.call('sales.get', { id: resume.id }).then(
      (fresh) => {
        setSale(fresh);
        if (fresh.status === 'completed') {
          setDone({ sale: fresh, message: 'This sale is already paid.' });
          setStep(3);
        }
      },
      (e: unknown) => notifyError(e, 'The sale could not be loaded'),
    );
  }, [resume]);
  const [creating, setCreating] = useState(false);

  const existingId = who.mode === 'existing' ? who.memberId : null;
  const cards = useQuery({
    queryKey: cardKeys.list(existingId ?? 0),
    queryFn: () => api.call('paymentMethods.list', { memberId: existingId! }),
    enabled: existingId !== null,
  });
  const defaultCard = (existingId && cards.data?.find((c) => c.isDefault && !c.expired)) || null;
  const plan: PlanChoice = {
    ...choice,
    collection: choice.collection ?? (defaultCard ? 'automatic' : 'manual'),
  };

  const memberPart = useMemo(
    () =>
      who.mode === 'existing'
        ? who.memberId
          ? { memberId: who.memberId }
          : null
        : {
            newMember: {
              firstName: who.newMember.firstName,
              lastName: who.newMember.lastName,
              email: optional(who.newMember.email),
              phone: optional(who.newMember.phone),
            },
          },
    [who],
  );
  const input: SalePreviewInput | null =
    memberPart && plan.planId && step === 1
      ? {
          ...memberPart,
          planId: Number(plan.planId),
          startDate: plan.startDate || undefined,
          billingDay: plan.billingDay ? Number(plan.billingDay) : undefined,
          couponCode: plan.appliedCoupon || undefined,
          collection: plan.collection,
        }
      : null;
  const preview = useSalePreview(input);
  const previewErrors = fieldErrorsOf(preview.error);

  const saleMember = useQuery({
    queryKey: ['members', 'detail', sale?.memberId ?? 0],
    queryFn: () => api.call('members.get', { id: sale!.memberId }),
    enabled: sale !== null,
  });

  const refreshAll = useCallback(() => refreshAfterSale(queryClient), [queryClient]);

  // Closing while the sale waits for its payment: leave it (it ends by itself) or cancel it now.
  const open = sale !== null && sale.status === 'open' && done === null;
  useEffect(() => {
    if (!open) {
      setGuard(null);
      return;
    }
    setGuard(
      () => () =>
        modals.openConfirmModal({
          title: 'This sale is not paid',
          children: (
            <Text fz="sm">
              Nothing is active until it is paid. Cancel it now (its invoice is voided), or leave it open: it
              ends by itself after 23 hours.
            </Text>
          ),
          labels: { confirm: 'Cancel the sale', cancel: 'Leave it open' },
          confirmProps: { color: 'red' },
          onCancel: () => closeSaleWizard(),
          onConfirm: () => cancelSale(sale, refreshAll),
        }),
    );
  }, [open, sale, setGuard, refreshAll]);
  useEffect(() => () => setGuard(null), [setGuard]);

  function nextFromMember() {
    if (who.mode === 'existing') {
      if (!who.memberId) return setErrors({ memberId: 'Choose a member, or enter a new one' });
    } else {
      const invalid = validateWith(
        memberInput,
        memberPart && 'newMember' in memberPart ? memberPart.newMember : {},
      );
      if (invalid) {
        return setErrors(Object.fromEntries(Object.entries(invalid).map(([k, v]) => [`newMember.${k}`, v])));
      }
    }
    setErrors({});
    setStep(1);
  }

  async function createSale() {
    if (!input || !preview.ready) return;
    if (plan.coupon.trim().toUpperCase() !== plan.appliedCoupon) {
      // A coupon typed but not applied: apply it and let the desk see the new preview first.
      setPlan((p) => ({ ...p, appliedCoupon: p.coupon.trim().toUpperCase() }));
      return;
    }
    setCreating(true);
    try {
      const created = await api.call('sales.create', { ...input, requestKey });
      setSale(created);
      refreshAll();
      if (created.status === 'completed') {
        setDone({
          sale: created,
          message:
            created.outcome === 'trial'
              ? 'Nothing is due now: the first invoice comes when the trial ends.'
              : 'Nothing is due now.',
        });
        setStep(3);
      } else setStep(2);
    } catch (e) {
      const fields = fieldErrorsOf(e);
      setErrors(fields);
      if (Object.keys(fields).some((k) => k.startsWith('newMember.') || k === 'memberId')) setStep(0);
      notifyError(e, 'Sale not made');
    } finally {
      setCreating(false);
    }
  }

  const onDone = useCallback(
    (result: SalePayResult) => {
      setSale(result.sale);
      setDone({ sale: result.sale, message: result.message });
      setStep(3);
      refreshAll();
    },
    [refreshAll],
  );
  const onSale = useCallback((s: Sale) => setSale(s), []);

  const planErrors = { ...previewErrors, ...errors };
  return (
    <>
      <Stepper active={step} size="sm" mb="xl" allowNextStepsSelect={false}>
        <Stepper.Step
          label="Member"
          description={
            who.mode === 'new'
              ? `${who.newMember.firstName} ${who.newMember.lastName}`.trim() || 'New'
              : who.memberLabel
          }
        />
        <Stepper.Step label="Plan" description="Plan, start, coupon" />
        <Stepper.Step label="Payment" description={sale?.invoiceNumber ?? ''} />
        <Stepper.Step label="Receipt" />
      </Stepper>

      {step === 0 && (
        <MemberStep
          value={who}
          onChange={(next) => {
            setWho(next);
            setErrors({});
          }}
          errors={errors}
        />
      )}
      {step === 1 && (
        <PlanStep
          value={plan}
          onChange={(next) => {
            setPlan({
              ...next,
              collection: next.collection !== plan.collection ? next.collection : choice.collection,
            });
            setErrors({});
          }}
          errors={planErrors}
          defaultCard={defaultCard}
          preview={preview}
        />
      )}
      {step === 2 && sale && (
        <PaymentStep sale={sale} member={saleMember.data} onSale={onSale} onDone={onDone} />
      )}
      {step === 3 && done && <SaleResult sale={done.sale} message={done.message} />}

      <Group justify="space-between" mt="xl">
        <div>
          {step === 1 && (
            <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={() => setStep(0)}>
              Back
            </Button>
          )}
          {step === 2 && sale && (
            <Button variant="subtle" color="red" onClick={() => confirmCancelSale(sale, refreshAll)}>
              Cancel sale
            </Button>
          )}
        </div>
        <Group gap="sm">
          {step === 0 && (
            <Button rightSection={<IconArrowRight size={16} />} onClick={nextFromMember}>
              Next
            </Button>
          )}
          {step === 1 && (
            <Button
              rightSection={<IconArrowRight size={16} />}
              loading={creating}
              disabled={!preview.ready}
              onClick={() => void createSale()}
            >
              Continue to payment
            </Button>
          )}
          {step === 3 && done && (
            <>
              <Button
                variant="default"
                onClick={() => {
                  closeSaleWizard();
                  void navigate(`/members/${done.sale.memberId}`);
                }}
              >
                Open member
              </Button>
              <Button onClick={closeSaleWizard}>Done</Button>
            </>
          )}
        </Group>
      </Group>
    </>
  );
}
