import type { ReactNode } from 'react';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';

interface ModalDialogProps {
  isOpen: boolean;
  onClose(): void;
  title: string;
  role?: 'dialog' | 'alertdialog';
  children: ReactNode;
}

/** React Aria's modal: traps focus, closes on Escape, returns focus to the button that opened it. */
export function ModalDialog({ isOpen, onClose, title, role = 'dialog', children }: ModalDialogProps) {
  return (
    <ModalOverlay
      className="modal-overlay"
      isOpen={isOpen}
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      isDismissable={role === 'dialog'}
    >
      <Modal className="modal">
        <Dialog className="dialog" role={role}>
          <Heading slot="title" className="dialog-title">
            {title}
          </Heading>
          {children}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
